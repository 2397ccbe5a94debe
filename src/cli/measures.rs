//! An agreement's measures, their targets, and typed values of manual measures.

use clap::{Args, Subcommand};
use serde::Serialize;

use evident::forms::{ManualValueForm, MeasureForm, TargetForm};
use evident::Result;

use super::print::form;
use super::Context;

#[derive(Args, Serialize)]
pub struct MeasureFields {
    /// Its code, unique within the agreement.
    #[arg(long)]
    code: Option<String>,
    /// What it is called.
    #[arg(long)]
    title: Option<String>,
    /// How much, How well or Better off.
    #[arg(long)]
    question: Option<String>,
    /// How it is computed (participants, sessions, percent_improved, manual, …).
    #[arg(long)]
    calculation: Option<String>,
    /// The indicator it reads (for outcome_logged, the outcome).
    #[arg(long)]
    indicator: Option<String>,
    /// Attendances needed to count.
    #[arg(long)]
    min_sessions: Option<String>,
    /// Change that counts as improvement (default: the indicator's meaningful change).
    #[arg(long)]
    threshold: Option<String>,
    /// The score that counts, for percent_rating_at_least.
    #[arg(long)]
    rating: Option<String>,
    /// Who counts: field=value[,value] joined by `;`.
    #[arg(long)]
    filter: Option<String>,
    /// number, percent, hours or currency (default: what the calculation gives).
    #[arg(long)]
    unit: Option<String>,
    /// Whether a higher value is better: yes or no.
    #[arg(long)]
    higher_is_better: Option<String>,
    /// Where it started.
    #[arg(long)]
    baseline: Option<String>,
    /// How the funder defines it.
    #[arg(long)]
    definition: Option<String>,
    /// Whether the funder sets no target for it: yes or no.
    #[arg(long)]
    no_target: Option<String>,
}

/// The agreement a measure belongs to.
#[derive(Args)]
pub struct AgreementArg {
    /// The agreement's reference.
    #[arg(long, value_name = "REF")]
    agreement: String,
}

#[derive(Subcommand)]
pub enum MeasureCommand {
    /// Add a measure to an agreement.
    Add {
        #[command(flatten)]
        of: AgreementArg,
        #[command(flatten)]
        fields: MeasureFields,
    },
    /// Change a measure (--code gives it a new code).
    Edit {
        #[command(flatten)]
        of: AgreementArg,
        /// The measure's current code.
        #[arg(value_name = "CODE")]
        key: String,
        #[command(flatten)]
        fields: MeasureFields,
    },
    /// List an agreement's measures: code, title, question, calculation, unit.
    List {
        #[command(flatten)]
        of: AgreementArg,
    },
    /// Delete a measure with its targets and values.
    Delete {
        #[command(flatten)]
        of: AgreementArg,
        /// The measure's code.
        #[arg(value_name = "CODE")]
        key: String,
    },
    /// Work out what a measure as given would count for a period, this
    /// period and year to date, without saving it (with CODE, the measure
    /// changed as given; without, a new one).
    Preview {
        #[command(flatten)]
        of: AgreementArg,
        /// The measure to change, if not a new one.
        #[arg(value_name = "CODE")]
        key: Option<String>,
        /// The period id, as `evident periods` lists it.
        #[arg(long, value_name = "ID")]
        period: String,
        #[command(flatten)]
        fields: MeasureFields,
    },
    /// Set (or with an empty value, clear) a measure's target for a period.
    Target {
        #[command(flatten)]
        of: AgreementArg,
        /// The measure's code.
        #[arg(value_name = "CODE")]
        key: String,
        /// The period id, as `evident periods` lists it.
        #[arg(long, value_name = "ID")]
        period: String,
        /// The target (empty to clear it).
        #[arg(long)]
        value: String,
    },
}

pub fn measure(ctx: &mut Context, command: MeasureCommand) -> Result<()> {
    match command {
        MeasureCommand::Add { of, fields } => {
            let m = form::<MeasureForm>(&fields).add_to(&mut ctx.store, &of.agreement)?;
            out!("added measure {} ({})", m.code, m.unit);
        }
        MeasureCommand::Preview {
            of,
            key,
            period,
            fields,
        } => {
            let row = form::<MeasureForm>(&fields).preview(
                &mut ctx.store,
                &of.agreement,
                key.as_deref(),
                &period,
            )?;
            if !ctx.json(&row) {
                out!(
                    "this period\t{}\nyear to date\t{}",
                    super::print::number(row.this_period),
                    super::print::number(row.year_to_date)
                );
            }
        }
        MeasureCommand::Edit { of, key, fields } => {
            let m = form::<MeasureForm>(&fields).edit(&mut ctx.store, &of.agreement, &key)?;
            out!("saved measure {}", m.code);
        }
        MeasureCommand::List { of } => {
            let ms = ctx.store.measures(&of.agreement)?;
            ctx.print(&ms, |m| {
                vec![
                    m.code.clone(),
                    m.title.clone(),
                    m.question.to_string(),
                    m.calculation.to_string(),
                    m.unit.to_string(),
                ]
            });
        }
        MeasureCommand::Delete { of, key } => {
            ctx.store.delete_measure(&of.agreement, &key)?;
            out!("deleted measure {key}");
        }
        MeasureCommand::Target {
            of,
            key,
            period,
            value,
        } => {
            let target = TargetForm { value: Some(value) };
            target.save(&mut ctx.store, &of.agreement, &key, &period)?;
            out!("saved the target of {key} for {period}");
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum ManualCommand {
    /// Type the value of a manual measure for a period.
    Set {
        #[command(flatten)]
        of: AgreementArg,
        /// The measure's code.
        #[arg(value_name = "CODE")]
        key: String,
        /// The period id.
        #[arg(long, value_name = "ID")]
        period: String,
        /// The value.
        #[arg(long)]
        value: String,
        /// Where it came from.
        #[arg(long)]
        note: Option<String>,
    },
    /// List an agreement's typed values: code, period, value, note.
    List {
        #[command(flatten)]
        of: AgreementArg,
    },
}

pub fn manual(ctx: &mut Context, command: ManualCommand) -> Result<()> {
    match command {
        ManualCommand::Set {
            of,
            key,
            period,
            value,
            note,
        } => {
            let typed = ManualValueForm {
                value: Some(value),
                note,
            };
            let saved = typed.save(&mut ctx.store, &of.agreement, &key, &period)?;
            out!("saved {} for {}", saved.code, saved.period);
        }
        ManualCommand::List { of } => {
            let vs = ctx.store.manual_values(&of.agreement)?;
            ctx.print(&vs, |v| {
                vec![
                    v.code.clone(),
                    v.period.clone(),
                    v.value.to_string(),
                    v.note.clone(),
                ]
            });
        }
    }
    Ok(())
}
