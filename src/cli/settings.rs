//! Setting up: `init`, the organisation's details and the reference lists.

use std::path::Path;

use clap::{Args, Subcommand};
use serde::Serialize;

use evident::forms::OrganisationForm;
use evident::store::List;
use evident::Result;

use super::print::form;
use super::Context;

/// The organisation's details, as `init` and `org set` take them.
#[derive(Args, Serialize)]
pub struct OrgFields {
    /// The organisation's name.
    #[arg(long)]
    name: Option<String>,
    /// Registered charity number.
    #[arg(long)]
    charity_number: Option<String>,
    /// The month the financial year starts, 1–12 (default 4, April).
    #[arg(long = "fy-start", value_name = "MONTH")]
    fy_start_month: Option<String>,
    /// Age bands, comma-separated, youngest first: 0-4,5-10,11-15,16-19,20+.
    #[arg(long)]
    age_bands: Option<String>,
    /// Counts below this are shown as <N in packs (default 5).
    #[arg(long)]
    small_number_threshold: Option<String>,
    /// Years to keep records after a participant's last contact (default 6).
    #[arg(long)]
    retention_years: Option<String>,
    /// The contact for returns: their name.
    #[arg(long)]
    contact_name: Option<String>,
    /// The contact's role.
    #[arg(long)]
    contact_role: Option<String>,
    /// The contact's email.
    #[arg(long)]
    contact_email: Option<String>,
    /// The contact's phone.
    #[arg(long)]
    contact_phone: Option<String>,
}

/// `init`: the organisation's name and details.
#[derive(Args)]
pub struct InitArgs {
    /// The organisation's name.
    #[arg(long = "org", value_name = "NAME")]
    org: String,
    #[command(flatten)]
    fields: OrgFields,
}

pub fn init(ctx: &mut Context, args: InitArgs, path: &Path) -> Result<()> {
    let mut fields: OrganisationForm = form(&args.fields);
    fields.name = Some(args.org);
    let org = fields.set_up(&mut ctx.store)?;
    out!("set up {} in {}", org.name, path.display());
    Ok(())
}

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Show the organisation's details.
    Show,
    /// Change the organisation's details.
    Set(Box<OrgFields>),
}

pub fn org(ctx: &mut Context, command: OrgCommand) -> Result<()> {
    match command {
        OrgCommand::Show => {
            let org = ctx.store.organisation()?;
            if !ctx.json(&org) {
                out!("name: {}", org.name);
                out!("charity number: {}", org.charity_number);
                out!("financial year starts: month {}", org.fy_start_month);
                out!("age bands: {}", org.age_bands.join(", "));
                out!("small-number threshold: {}", org.small_number_threshold);
                out!(
                    "records kept for: {} years after last contact",
                    org.retention_years
                );
                let contact: Vec<&str> = [
                    &org.contact_name,
                    &org.contact_role,
                    &org.contact_email,
                    &org.contact_phone,
                ]
                .into_iter()
                .map(String::as_str)
                .filter(|v| !v.is_empty())
                .collect();
                out!("contact for returns: {}", contact.join(", "));
            }
            Ok(())
        }
        OrgCommand::Set(fields) => {
            let org = form::<OrganisationForm>(&fields).save(&mut ctx.store)?;
            out!("saved {}", org.name);
            Ok(())
        }
    }
}

#[derive(Subcommand)]
pub enum ListCommand {
    /// Show a list's values.
    Show {
        /// ethnicity, gender, priority_group or source.
        list: String,
    },
    /// Add a value to a list.
    Add {
        /// ethnicity, gender, priority_group or source.
        list: String,
        /// The value.
        value: String,
    },
    /// Remove a value from a list (records that use it keep it).
    Remove {
        /// ethnicity, gender, priority_group or source.
        list: String,
        /// The value.
        value: String,
    },
}

pub fn list(ctx: &mut Context, command: ListCommand) -> Result<()> {
    match command {
        ListCommand::Show { list } => {
            let values = ctx.store.list_values(List::parse("list", &list)?)?;
            ctx.print(&values, |v| vec![v.clone()]);
            Ok(())
        }
        ListCommand::Add { list, value } => {
            let list = List::parse("list", &list)?;
            let stored = ctx.store.add_list_value(list, &value)?;
            out!("{list} has {stored:?}");
            Ok(())
        }
        ListCommand::Remove { list, value } => {
            let list = List::parse("list", &list)?;
            ctx.store.remove_list_value(list, &value)?;
            out!("removed {value:?} from {list}");
            Ok(())
        }
    }
}
