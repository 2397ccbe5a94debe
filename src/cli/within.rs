//! Which records a list shows: one programme's, between two days. The
//! filter arguments every listing command takes, written once.

use clap::Args;

#[derive(Debug, Args)]
pub struct Within {
    /// Only this programme's.
    #[arg(long)]
    pub programme: Option<String>,
    /// From this day.
    #[arg(long)]
    pub from: Option<String>,
    /// To this day.
    #[arg(long)]
    pub to: Option<String>,
}
