//! Return time: periods, measures and their drill-through, checks,
//! breakdowns, the pack, evidence, submitting, narrative and finance.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use evident::error::count;
use evident::forms::{
    ApprovalForm, CurveForm, FinanceForm, ForecastForm, IncomeForm, MilestoneForm, NarrativeForm,
};
use evident::measures::{self, Records, Span};
use evident::parse::format_money;
use evident::records::Attachment;
use evident::{checks, evidence, framework, overview, pack, submission, Result};

use super::print::number;
use super::Context;

/// An agreement and one of its periods.
#[derive(Args)]
pub struct PeriodArgs {
    /// The agreement's reference.
    #[arg(long, value_name = "REF")]
    agreement: String,
    /// The period id, as `evident periods` lists it.
    #[arg(long, value_name = "ID")]
    period: String,
}

pub fn periods(ctx: &Context, agreement: &str) -> Result<()> {
    let periods = ctx.store.periods(agreement)?;
    ctx.print(&periods, |p| {
        vec![
            p.id.clone(),
            p.start.to_string(),
            p.end.to_string(),
            p.due.to_string(),
            p.year_start.to_string(),
        ]
    });
    Ok(())
}

pub fn due(ctx: &Context) -> Result<()> {
    let next = overview::next_returns(&ctx.store, ctx.now.date())?;
    ctx.print(&next, |n| {
        vec![
            n.agreement.clone(),
            n.period.id.clone(),
            n.period.due.to_string(),
            n.days_left.to_string(),
            n.checks_needing_attention.to_string(),
        ]
    });
    // One JSON document stays one: the changed returns are for reading.
    if !ctx.json {
        for c in overview::changed_since_sent(&ctx.store)? {
            out!(
                "{} {} changed since it was sent: {}",
                c.agreement,
                c.period.id,
                count(c.figures, "figure")
            );
        }
        for d in overview::dbs_due(&ctx.store, ctx.now.date())? {
            match (d.renewal, d.days) {
                (Some(renewal), Some(days)) if days < 0 => out!(
                    "{}'s DBS check ran out on {} ({} days ago)",
                    d.name,
                    evident::parse::shown(renewal),
                    -days
                ),
                (Some(renewal), Some(days)) => out!(
                    "{}'s DBS check is due for renewal on {} (in {days} days)",
                    d.name,
                    evident::parse::shown(renewal)
                ),
                _ => out!("{} has no DBS check recorded", d.name),
            }
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct MeasuresArgs {
    #[command(flatten)]
    of: PeriodArgs,
    /// List the records behind one measure's number instead.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
    /// With --explain: the year to date rather than the period.
    #[arg(long, requires = "explain")]
    ytd: bool,
}

fn span(ytd: bool) -> Span {
    if ytd {
        Span::YearToDate
    } else {
        Span::ThisPeriod
    }
}

pub fn measures(ctx: &Context, args: MeasuresArgs) -> Result<()> {
    let PeriodArgs { agreement, period } = &args.of;
    if let Some(code) = &args.explain {
        let drill = measures::explain(&ctx.store, agreement, period, code, span(args.ytd))?;
        if !ctx.json(&drill) {
            out!(
                "{} from {} to {}: {}",
                drill.code,
                drill.range.start,
                drill.range.end,
                number(drill.value)
            );
            print_records("counted", &drill.counted);
            if let Some(out_of) = &drill.out_of {
                print_records("out of", out_of);
            }
        }
        return Ok(());
    }
    let report = measures::report(&ctx.store, agreement, period)?;
    if !ctx.json(&report.rows) {
        out!("code\tmeasure\tquestion\tbaseline\ttarget\tthis period\tyear to date\tvariance\tstatus");
        ctx.print(&report.rows, |r| {
            vec![
                r.code.clone(),
                r.measure.clone(),
                r.question.to_string(),
                number(r.baseline),
                number(r.target),
                number(r.this_period),
                number(r.year_to_date),
                number(r.variance),
                r.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
            ]
        });
    }
    Ok(())
}

fn print_records(label: &str, r: &Records) {
    let numbers = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>();
    for (what, list) in [
        ("participants", r.participants.clone()),
        ("sessions", r.sessions.clone()),
        ("assessments", numbers(&r.assessments)),
        ("outcome log entries", numbers(&r.log_entries)),
        ("stories", numbers(&r.stories)),
    ] {
        if !list.is_empty() {
            out!("{label} {what} ({}): {}", list.len(), list.join(", "));
        }
    }
}

pub fn check(ctx: &Context, args: PeriodArgs) -> Result<()> {
    let checks = checks::for_period(&ctx.store, &args.agreement, &args.period, ctx.now.date())?;
    if ctx.json(&checks) {
        return Ok(());
    }
    for c in &checks {
        if c.passed() {
            out!("ok\t{}", c.title);
        } else {
            let severity = match c.severity {
                checks::Severity::Warning => "warning",
                checks::Severity::Info => "info",
            };
            out!(
                "{severity}\t{} {}: {}\t{}",
                c.title,
                count(c.records.len(), "record"),
                c.records.join(", "),
                c.advice
            );
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct BreakdownArgs {
    #[command(flatten)]
    of: PeriodArgs,
    /// The year to date rather than the period.
    #[arg(long)]
    ytd: bool,
}

pub fn breakdown(ctx: &Context, args: BreakdownArgs) -> Result<()> {
    let b = measures::breakdowns(
        &ctx.store,
        &args.of.agreement,
        &args.of.period,
        span(args.ytd),
    )?;
    if ctx.json(&b) {
        return Ok(());
    }
    out!("Participants: {}", b.total);
    for d in &b.demographics {
        out!("\n{}", d.name);
        for c in &d.categories {
            out!(
                "{}\t{}\t{}",
                c.label,
                c.shown,
                c.percent.map(|p| format!("{p:.0}%")).unwrap_or_default()
            );
        }
    }
    out!("\nIndicator\tassessed\timproved\t% improved\tmean change\tanonymous responses");
    for i in &b.indicators {
        out!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            i.indicator,
            i.assessed,
            i.improved,
            number(i.percent_improved),
            number(i.mean_change),
            i.responses
        );
    }
    out!("\nOutcome\tparticipants\tentries\tby source");
    for o in &b.outcomes {
        let sources: Vec<String> = o
            .by_source
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        out!(
            "{}\t{}\t{}\t{}",
            o.outcome,
            o.participants,
            o.entries,
            sources.join(", ")
        );
    }
    out!("\nMonth\tsessions\tattendances\tparticipants");
    for m in &b.months {
        out!(
            "{}\t{}\t{}\t{}",
            m.month,
            m.sessions,
            m.attendances,
            m.participants
        );
    }
    Ok(())
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ExportArgs {
    #[command(subcommand)]
    framework: Option<ExportCommand>,
    /// The agreement's reference.
    #[arg(long, value_name = "REF")]
    agreement: Option<String>,
    /// The period id, as `evident periods` lists it.
    #[arg(long, value_name = "ID")]
    period: Option<String>,
    /// Where to write it.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The name on the cover.
    #[arg(long, value_name = "NAME", default_value = "")]
    prepared_by: String,
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// An agreement's framework workbook: its measures, targets, indicators
    /// and headings, laid out for another provider to import.
    Framework {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The workbook to write (.xlsx).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

pub fn export(ctx: &Context, args: ExportArgs) -> Result<()> {
    match (args.framework, args.agreement, args.period, args.out) {
        (Some(ExportCommand::Framework { agreement, out }), ..) => {
            framework::export(&ctx.store, &agreement, &out)?;
            out!("wrote {}", out.display());
        }
        (None, Some(agreement), Some(period), Some(out)) => {
            let options = pack::Options {
                prepared_by: args.prepared_by,
                now: ctx.now,
            };
            let written = pack::export(&ctx.store, &agreement, &period, &out, &options)?;
            if !ctx.json(&written) {
                out!(
                    "wrote {} ({})",
                    written.path.display(),
                    count(written.evidence_files, "evidence file")
                );
                out!("sha256 {}", written.sha256);
                if let Some(form) = &written.form_path {
                    out!(
                        "wrote {} (the funder's own form, filled in)",
                        form.display()
                    );
                }
                if written.warnings > 0 {
                    out!(
                        "{} need attention; the pack's Data quality sheet lists them",
                        count(written.warnings, "readiness check")
                    );
                }
            }
        }
        _ => super::usage_error(
            "say what to export: --agreement REF --period ID --out FILE, or `export framework`",
        ),
    }
    Ok(())
}

#[derive(Args)]
pub struct AttachArgs {
    /// The file.
    file: PathBuf,
    /// The session's reference.
    #[arg(long, value_name = "REF")]
    session: Option<String>,
    /// The story's number.
    #[arg(long, value_name = "NUMBER")]
    story: Option<i64>,
    /// The agreement's reference (with --period).
    #[arg(long, value_name = "REF")]
    agreement: Option<String>,
    /// The period id (with --agreement).
    #[arg(long, value_name = "ID")]
    period: Option<String>,
}

pub fn attach(ctx: &mut Context, args: AttachArgs) -> Result<()> {
    let to = Attachment::choose(args.session, args.story, args.agreement, args.period)?;
    let saved = evidence::attach(&mut ctx.store, &args.file, to, ctx.now)?;
    out!("{}\t{}\t{}", saved.id, saved.file_name, saved.sha256);
    Ok(())
}

#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// List evidence files: number, file, attached to, SHA-256.
    List,
    /// Delete an evidence file's record.
    Delete {
        /// The evidence file's number.
        #[arg(value_name = "NUMBER")]
        key: i64,
    },
}

pub fn evidence(ctx: &mut Context, command: EvidenceCommand) -> Result<()> {
    match command {
        EvidenceCommand::List => {
            let files = ctx.store.evidence_files()?;
            ctx.print(&files, |e| {
                vec![
                    e.id.to_string(),
                    e.file_name.clone(),
                    e.attached_to.to_string(),
                    e.sha256.clone(),
                ]
            });
        }
        EvidenceCommand::Delete { key } => {
            ctx.store.delete_evidence_file(key)?;
            out!("deleted evidence file {key}");
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct SubmitArgs {
    #[command(flatten)]
    of: PeriodArgs,
    /// The pack that was sent.
    #[arg(long, value_name = "FILE")]
    pack: PathBuf,
}

pub fn submit(ctx: &mut Context, args: SubmitArgs) -> Result<()> {
    let saved = submission::submit(
        &mut ctx.store,
        &args.of.agreement,
        &args.of.period,
        &args.pack,
        ctx.now,
    )?;
    out!(
        "{} {} marked submitted at {}; pack sha256 {}",
        saved.agreement,
        saved.period,
        saved.submitted_at.format("%Y-%m-%d %H:%M"),
        saved.pack_sha256
    );
    Ok(())
}

pub fn changes(ctx: &Context, args: PeriodArgs) -> Result<()> {
    let changes = submission::changes(&ctx.store, &args.agreement, &args.period)?;
    if changes.is_empty() && !ctx.json {
        out!("no submitted figure of {} has changed", args.period);
    } else {
        ctx.print(&changes, |c| {
            vec![
                c.code.clone(),
                c.field.to_string(),
                number(c.sent),
                number(c.now),
                c.measure.clone(),
            ]
        });
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum NarrativeCommand {
    /// Show a period's narrative: each heading and its answer.
    Show(PeriodArgs),
    /// Answer one of the agreement's headings for a period.
    Set {
        #[command(flatten)]
        of: PeriodArgs,
        /// The heading.
        #[arg(long)]
        heading: String,
        /// The answer.
        #[arg(long)]
        text: String,
    },
    /// Write a measure's turn-the-curve notes for a period: the story
    /// behind its curve, partners, what works, what you will do next.
    Curve {
        #[command(flatten)]
        of: PeriodArgs,
        /// The measure's code.
        #[arg(value_name = "CODE")]
        key: String,
        /// The story behind the curve: why it moved.
        #[arg(long)]
        text: Option<String>,
        /// Partners with a role in turning it.
        #[arg(long)]
        partners: Option<String>,
        /// What works.
        #[arg(long)]
        what_works: Option<String>,
        /// What you will do next.
        #[arg(long)]
        next_steps: Option<String>,
    },
}

pub fn narrative(ctx: &mut Context, command: NarrativeCommand) -> Result<()> {
    match command {
        NarrativeCommand::Show(of) => {
            let n = ctx.store.narrative(&of.agreement, &of.period)?;
            if ctx.json(&n) {
                return Ok(());
            }
            for (heading, answer) in &n.answers {
                let answer = if answer.is_empty() {
                    "(not written yet)"
                } else {
                    answer
                };
                out!("{heading}\n{answer}\n");
            }
            for note in &n.curves {
                out!("Story behind the curve, {}\n{}", note.code, note.story);
                for (label, text) in [
                    ("Partners", &note.partners),
                    ("What works", &note.what_works),
                    ("Next", &note.next_steps),
                ] {
                    if !text.is_empty() {
                        out!("{label}: {text}");
                    }
                }
                out!("");
            }
        }
        NarrativeCommand::Set { of, heading, text } => {
            let answer = NarrativeForm {
                heading: Some(heading),
                text: Some(text),
            };
            let heading = answer.save(&mut ctx.store, &of.agreement, &of.period)?;
            out!("saved {heading:?} for {}", of.period);
        }
        NarrativeCommand::Curve {
            of,
            key,
            text,
            partners,
            what_works,
            next_steps,
        } => {
            let notes = CurveForm {
                text,
                partners,
                what_works,
                next_steps,
            };
            let saved = notes.save(&mut ctx.store, &of.agreement, &of.period, &key)?;
            out!("saved the notes on {} for {}", saved.code, of.period);
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum FinanceCommand {
    /// Set budget and spend under one cost heading for a period (0, 0 and
    /// no note removes the line).
    Set {
        #[command(flatten)]
        of: PeriodArgs,
        /// One of the agreement's cost headings (see `agreement show`).
        #[arg(long)]
        heading: String,
        /// Budget in pounds.
        #[arg(long)]
        budget: String,
        /// Actual spend in pounds.
        #[arg(long)]
        actual: String,
        /// Why they differ, or anything else.
        #[arg(long)]
        note: Option<String>,
    },
    /// Record other income that supported the work in a period (an amount
    /// of 0 removes the line).
    Income {
        #[command(flatten)]
        of: PeriodArgs,
        /// Where it came from.
        #[arg(long)]
        source: String,
        /// How much, in pounds.
        #[arg(long)]
        amount: String,
    },
    /// State the forecast of spend to the agreement's end with a period's return.
    Forecast {
        #[command(flatten)]
        of: PeriodArgs,
        /// The spend expected by the end, in pounds.
        #[arg(long)]
        amount: String,
    },
    /// List an agreement's finance: period, heading, budget, actual, note.
    List {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
    },
}

pub fn finance(ctx: &mut Context, command: FinanceCommand) -> Result<()> {
    match command {
        FinanceCommand::Set {
            of,
            heading,
            budget,
            actual,
            note,
        } => {
            let typed = FinanceForm {
                heading: Some(heading),
                budget: Some(budget),
                actual: Some(actual),
                note,
            };
            let saved = typed.save(&mut ctx.store, &of.agreement, &of.period)?;
            out!("saved {} for {}", saved.heading, saved.period);
        }
        FinanceCommand::Income { of, source, amount } => {
            let form = IncomeForm {
                source: Some(source),
                amount: Some(amount),
            };
            let saved = form.save(&mut ctx.store, &of.agreement, &of.period)?;
            out!(
                "saved other income from {} for {}: £{}",
                saved.source,
                saved.period,
                format_money(saved.amount_pence)
            );
        }
        FinanceCommand::Forecast { of, amount } => {
            let form = ForecastForm {
                forecast: Some(amount),
            };
            let saved = form.save(&mut ctx.store, &of.agreement, &of.period)?;
            out!(
                "saved the forecast with {}: £{} by the end",
                saved.period,
                format_money(saved.forecast_pence)
            );
        }
        FinanceCommand::List { agreement } => {
            let fs = ctx.store.finances(&agreement)?;
            ctx.print(&fs, |f| {
                vec![
                    f.period.clone(),
                    f.heading.clone(),
                    format_money(f.budget_pence),
                    format_money(f.actual_pence),
                    f.note.clone(),
                ]
            });
        }
    }
    Ok(())
}

#[derive(Args, Serialize)]
pub struct MilestoneFields {
    /// What is to be delivered.
    #[arg(long)]
    title: Option<String>,
    /// When it is due.
    #[arg(long = "due", value_name = "DATE")]
    due_date: Option<String>,
    /// not started, on track, at risk, done or dropped.
    #[arg(long)]
    status: Option<String>,
}

#[derive(Subcommand)]
pub enum MilestoneCommand {
    /// Add a milestone to an agreement.
    Add {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        #[command(flatten)]
        fields: MilestoneFields,
    },
    /// Change a milestone (--title renames it).
    Edit {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The milestone's current title.
        #[arg(value_name = "TITLE")]
        key: String,
        #[command(flatten)]
        fields: MilestoneFields,
    },
    /// List an agreement's milestones: title, due date, status.
    List {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
    },
    /// Write (or with empty text, clear) a milestone's note for a period.
    Note {
        #[command(flatten)]
        of: PeriodArgs,
        /// The milestone's title.
        #[arg(value_name = "TITLE")]
        key: String,
        /// The note.
        #[arg(long)]
        text: String,
    },
    /// Delete a milestone and its notes.
    Delete {
        /// The agreement's reference.
        #[arg(long, value_name = "REF")]
        agreement: String,
        /// The milestone's title.
        #[arg(value_name = "TITLE")]
        key: String,
    },
}

pub fn milestone(ctx: &mut Context, command: MilestoneCommand) -> Result<()> {
    match command {
        MilestoneCommand::Add { agreement, fields } => {
            let m =
                super::print::form::<MilestoneForm>(&fields).add_to(&mut ctx.store, &agreement)?;
            out!("added milestone {:?}, due {}", m.title, m.due_date);
        }
        MilestoneCommand::Edit {
            agreement,
            key,
            fields,
        } => {
            let m = super::print::form::<MilestoneForm>(&fields).edit(
                &mut ctx.store,
                &agreement,
                &key,
            )?;
            out!("saved milestone {:?} ({})", m.title, m.status);
        }
        MilestoneCommand::List { agreement } => {
            let ms = ctx.store.milestones(&agreement)?;
            ctx.print(&ms, |m| {
                vec![
                    m.title.clone(),
                    m.due_date.to_string(),
                    m.status.to_string(),
                ]
            });
        }
        MilestoneCommand::Note { of, key, text } => {
            ctx.store
                .set_milestone_note(&of.agreement, &key, &of.period, &text)?;
            out!("saved the note on {key:?} for {}", of.period);
        }
        MilestoneCommand::Delete { agreement, key } => {
            ctx.store.delete_milestone(&agreement, &key)?;
            out!("deleted milestone {key:?}");
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct ApproveArgs {
    #[command(flatten)]
    of: PeriodArgs,
    /// Who approved the return.
    #[arg(long)]
    name: String,
    /// Their role.
    #[arg(long)]
    role: String,
    /// A second signatory, where the funder asks for two.
    #[arg(long, requires = "second_role")]
    second_name: Option<String>,
    /// The second signatory's role.
    #[arg(long, requires = "second_name")]
    second_role: Option<String>,
}

pub fn approve(ctx: &mut Context, args: ApproveArgs) -> Result<()> {
    let approval = ApprovalForm {
        name: Some(args.name),
        role: Some(args.role),
        second_name: args.second_name,
        second_role: args.second_role,
    }
    .save(&mut ctx.store, &args.of.agreement, &args.of.period, ctx.now)?;
    let second = match approval.second_name.is_empty() {
        true => String::new(),
        false => format!(" and {} ({})", approval.second_name, approval.second_role),
    };
    out!(
        "{} {} approved by {} ({}){second} on {}",
        approval.agreement,
        approval.period,
        approval.name,
        approval.role,
        approval.approved_at.format("%Y-%m-%d")
    );
    Ok(())
}
