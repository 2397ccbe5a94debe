//! `evident instalment`, `evident accept` and `evident cashflow`: an
//! agreement's instalments, a return marked accepted by the funder, and the
//! next three months of cash.

use clap::{Args, Subcommand};

use super::Context;
use evident::parse;
use evident::payments::{self, Timing};
use evident::records::{Acceptance, Instalment};
use evident::Result;

#[derive(Subcommand)]
pub enum InstalmentCommand {
    /// Add an instalment the funder is to pay.
    Add {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// How much, in pounds.
        #[arg(long)]
        amount: String,
        /// The day it is expected.
        #[arg(long, value_name = "DATE")]
        expected: String,
        /// The period whose return the funder must accept first.
        #[arg(long, value_name = "PERIOD")]
        waits_for: Option<String>,
        /// Anything to remember about it.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Set the schedule to equal instalments each quarter, adding up to the
    /// agreement's value: `advance` on each quarter's first day, or
    /// `arrears` after each quarter (waiting for its return).
    Plan {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// advance or arrears.
        #[arg(long, value_name = "WHEN")]
        quarterly: String,
    },
    /// Record an instalment as arrived.
    Received {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The day it was expected.
        #[arg(long, value_name = "DATE")]
        expected: String,
        /// The day it arrived.
        #[arg(long, value_name = "DATE")]
        on: String,
        /// How much arrived, in pounds (its whole amount if not given).
        #[arg(long)]
        amount: Option<String>,
    },
    /// List the instalments and where each stands: expected on, amount,
    /// waits for, received on, received, where it stands.
    List {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
    },
    /// Delete an instalment.
    Delete {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The day it is expected.
        #[arg(long, value_name = "DATE")]
        expected: String,
    },
}

pub fn instalment(ctx: &mut Context, command: InstalmentCommand) -> Result<()> {
    match command {
        InstalmentCommand::Add {
            agreement,
            amount,
            expected,
            waits_for,
            note,
        } => {
            let added = Instalment {
                agreement: agreement.clone(),
                amount_pence: parse::money("amount", &amount)?,
                expected_on: parse::date("expected", &expected)?,
                waits_for,
                received_on: None,
                received_pence: None,
                note,
            };
            ctx.store.add_instalment(&added)?;
            out!(
                "added {} expected {}",
                parse::pounds(added.amount_pence),
                added.expected_on
            );
        }
        InstalmentCommand::Plan {
            agreement,
            quarterly,
        } => {
            let planned = payments::plan(&mut ctx.store, &agreement, Timing::parse(&quarterly)?)?;
            for i in &planned {
                out!(
                    "{}\t{}\t{}",
                    i.expected_on,
                    parse::pounds(i.amount_pence),
                    i.waits_for.as_deref().unwrap_or("")
                );
            }
        }
        InstalmentCommand::Received {
            agreement,
            expected,
            on,
            amount,
        } => {
            let pence = amount.map(|a| parse::money("amount", &a)).transpose()?;
            let expected = parse::date("expected", &expected)?;
            let got = payments::receive(
                &mut ctx.store,
                &agreement,
                expected,
                parse::date("on", &on)?,
                pence,
            )?;
            out!(
                "{} arrived on {}",
                parse::pounds(got.received_pence.unwrap_or(0)),
                on
            );
        }
        InstalmentCommand::List { agreement } => {
            let schedule = payments::schedule(&ctx.store, &agreement, ctx.now.date())?;
            if !ctx.json(&schedule) {
                for s in &schedule.instalments {
                    let i = &s.instalment;
                    out!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        i.expected_on,
                        parse::pounds(i.amount_pence),
                        i.waits_for.as_deref().unwrap_or(""),
                        i.received_on.map(|d| d.to_string()).unwrap_or_default(),
                        i.received_pence.map(parse::pounds).unwrap_or_default(),
                        s.sentence
                    );
                }
                if let Some(mismatch) = &schedule.mismatch {
                    out!("{mismatch}");
                }
            }
        }
        InstalmentCommand::Delete {
            agreement,
            expected,
        } => {
            ctx.store
                .delete_instalment(&agreement, parse::date("expected", &expected)?)?;
            out!("deleted the instalment expected {expected}");
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct AcceptArgs {
    /// The agreement's reference.
    #[arg(long, value_name = "REF")]
    agreement: String,
    /// The period id.
    #[arg(long, value_name = "ID")]
    period: String,
    /// The day the funder accepted it (today if not given).
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// What the funder said, or anything else.
    #[arg(long, default_value = "")]
    note: String,
}

pub fn accept(ctx: &mut Context, args: AcceptArgs) -> Result<()> {
    let accepted_on = match &args.on {
        Some(on) => parse::date("on", on)?,
        None => ctx.now.date(),
    };
    let saved = ctx.store.accept_return(&Acceptance {
        agreement: args.agreement,
        period: args.period,
        accepted_on,
        note: args.note,
    })?;
    out!(
        "{} of {} accepted on {}",
        saved.period,
        saved.agreement,
        saved.accepted_on
    );
    Ok(())
}

#[derive(Args)]
pub struct CashflowArgs {
    /// The money in hand now, in pounds (kept for next time).
    #[arg(long, allow_hyphen_values = true)]
    opening: Option<String>,
}

pub fn cashflow(ctx: &mut Context, args: CashflowArgs) -> Result<()> {
    if let Some(opening) = &args.opening {
        ctx.store
            .set_cash_balance(parse::money("opening", opening)?, ctx.now.date())?;
    }
    let flow = payments::cash_flow(&ctx.store, ctx.now.date())?;
    if ctx.json(&flow) {
        return Ok(());
    }
    out!("month\tmoney in\tspend\tbalance");
    out!("now\t\t\t{}", parse::pounds(flow.opening_pence));
    for m in &flow.months {
        out!(
            "{}\t{}\t{}\t{}",
            m.month,
            parse::pounds(m.money_in_pence),
            parse::pounds(m.spend_pence),
            parse::pounds(m.balance_pence)
        );
    }
    match &flow.short_in {
        Some(month) => out!("the money runs short in {month}"),
        None => out!("the money lasts the three months"),
    }
    Ok(())
}
