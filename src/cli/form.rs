//! `evident form`: the funder's own form kept with an agreement, its
//! mapping set from a file or cell by cell, the proposed mapping, and what
//! each cell would hold in a return.

use std::path::PathBuf;

use clap::Subcommand;

use super::Context;
use evident::funder_form;
use evident::pack::filled_form;
use evident::records::FormCell;
use evident::{Error, Result};

#[derive(Subcommand)]
pub enum FormCommand {
    /// Keep the funder's own form (an .xlsx) with an agreement, in place of
    /// any kept before (its mapping stays). `evident export` then also
    /// writes it filled in.
    Add {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The funder's form.
        file: PathBuf,
    },
    /// Set the form's whole mapping from a table with the columns
    /// sheet,cell,source (CSV or a workbook). One bad row refuses the file.
    Map {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The mapping.
        file: PathBuf,
    },
    /// Print the proposed mapping of the cells not mapped yet, from the
    /// form's own labels, as sheet,cell,source; nothing is changed.
    Proposal {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
    },
    /// Print the mapping with what each cell would hold in a period's
    /// return (the one being worked on by default): sheet, cell, source,
    /// value, and why a cell cannot be filled.
    Show {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The period id.
        #[arg(long, value_name = "ID")]
        period: Option<String>,
    },
    /// Map one cell to a source in words (`measure CYP1 this period`).
    Set {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The sheet's name.
        #[arg(long)]
        sheet: String,
        /// The cell, as B12.
        #[arg(long)]
        cell: String,
        /// The source in words.
        #[arg(long)]
        source: String,
    },
    /// Map one cell to nothing.
    Clear {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The sheet's name.
        #[arg(long)]
        sheet: String,
        /// The cell, as B12.
        #[arg(long)]
        cell: String,
    },
    /// Stop keeping the form (its mapping stays, for the form added again).
    Remove {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
    },
}

/// Prints cells as a mapping table, `sheet,cell,source` and any more columns.
fn print_table(ctx: &Context, header: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    if ctx.json(&rows) {
        return Ok(());
    }
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    let write = |out: &mut csv::Writer<_>, row: &[String]| {
        out.write_record(row)
            .map_err(|e| Error::invalid("output", e.to_string()))
    };
    write(
        &mut out,
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    )?;
    for row in rows {
        write(&mut out, &row)?;
    }
    let _ = out.flush();
    Ok(())
}

pub fn form(ctx: &mut Context, command: FormCommand) -> Result<()> {
    match command {
        FormCommand::Add { agreement, file } => {
            let kept = funder_form::add(&mut ctx.store, &agreement, &file, ctx.now)?;
            out!(
                "kept {} with {agreement} (sha256 {})",
                kept.file_name,
                kept.sha256
            );
        }
        FormCommand::Map { agreement, file } => {
            let mapped = funder_form::map_file(&mut ctx.store, &agreement, &file)?;
            out!("mapped {} cells of {agreement}'s form", mapped.cells);
        }
        FormCommand::Proposal { agreement } => {
            let proposed = funder_form::proposal(&ctx.store, &agreement)?;
            let rows = proposed
                .into_iter()
                .map(|p| vec![p.sheet, p.cell, p.source])
                .collect();
            print_table(ctx, &["sheet", "cell", "source"], rows)?;
        }
        FormCommand::Show { agreement, period } => {
            let preview = filled_form::preview(&ctx.store, &agreement, period.as_deref(), ctx.now)?;
            let rows = preview
                .cells
                .into_iter()
                .map(|c| {
                    vec![
                        c.sheet,
                        c.cell,
                        c.source,
                        c.value,
                        c.problem.unwrap_or_default(),
                    ]
                })
                .collect();
            print_table(ctx, &["sheet", "cell", "source", "value", "problem"], rows)?;
        }
        FormCommand::Set {
            agreement,
            sheet,
            cell,
            source,
        } => {
            let cell = funder_form::set_cell(
                &mut ctx.store,
                &agreement,
                &FormCell {
                    sheet,
                    cell,
                    source,
                },
            )?;
            out!("{}!{} takes {}", cell.sheet, cell.cell, cell.source);
        }
        FormCommand::Clear {
            agreement,
            sheet,
            cell,
        } => {
            funder_form::clear_cell(&mut ctx.store, &agreement, &sheet, &cell)?;
            out!("{sheet}!{cell} takes nothing");
        }
        FormCommand::Remove { agreement } => {
            ctx.store.remove_form(&agreement)?;
            out!("{agreement} keeps no funder's form now");
        }
    }
    Ok(())
}
