//! Indicators and assessments, outcomes and the outcome log, and stories.

use clap::{Args, Subcommand};
use serde::Serialize;

use evident::forms::{
    AssessmentForm, FeedbackTieForm, IndicatorForm, LogEntryForm, OutcomeForm, StoryForm,
};
use evident::store::{Archivable, LogQuery};
use evident::Result;

use super::print::{archive, form, maybe, yes, ArchiveArgs};
use super::within::Within;
use super::Context;

#[derive(Args, Serialize)]
pub struct IndicatorFields {
    /// Its name.
    #[arg(long)]
    name: Option<String>,
    /// The lowest score (default 1).
    #[arg(long)]
    min: Option<String>,
    /// The highest score (default 10).
    #[arg(long)]
    max: Option<String>,
    /// Whether a higher score is better: yes or no (default yes).
    #[arg(long)]
    higher_is_better: Option<String>,
    /// The smallest change that counts as improvement (default 1).
    #[arg(long)]
    meaningful_change: Option<String>,
    /// What it measures and how.
    #[arg(long)]
    description: Option<String>,
}

#[derive(Subcommand)]
pub enum IndicatorCommand {
    /// Add an indicator.
    Add(IndicatorFields),
    /// Change an indicator.
    Edit {
        /// The indicator's current name.
        #[arg(value_name = "NAME")]
        key: String,
        #[command(flatten)]
        fields: IndicatorFields,
    },
    /// List indicators: name, min, max, higher is better, meaningful change.
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
    },
    /// Archive an indicator (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn indicator(ctx: &mut Context, command: IndicatorCommand) -> Result<()> {
    match command {
        IndicatorCommand::Add(f) => {
            let i = form::<IndicatorForm>(&f).add_to(&mut ctx.store)?;
            out!("added indicator {}", i.name);
        }
        IndicatorCommand::Edit { key, fields } => {
            let i = form::<IndicatorForm>(&fields).edit(&mut ctx.store, &key)?;
            out!("saved indicator {}", i.name);
        }
        IndicatorCommand::List { all } => {
            let is = ctx.store.indicators(all)?;
            ctx.print(&is, |i| {
                vec![
                    i.name.clone(),
                    i.min.to_string(),
                    i.max.to_string(),
                    yes(i.higher_is_better),
                    i.meaningful_change.to_string(),
                ]
            });
        }
        IndicatorCommand::Archive(a) => archive(ctx, Archivable::Indicator, a)?,
    }
    Ok(())
}

#[derive(Args, Serialize)]
pub struct AssessmentFields {
    /// The participant's code (empty for anonymous feedback).
    #[arg(long)]
    participant: Option<String>,
    /// The indicator's name.
    #[arg(long)]
    indicator: Option<String>,
    /// When it was taken.
    #[arg(long)]
    date: Option<String>,
    /// The score.
    #[arg(long)]
    score: Option<String>,
    /// baseline, review or exit.
    #[arg(long)]
    stage: Option<String>,
    /// The programme it was given at (anonymous feedback counts for its funders).
    #[arg(long)]
    programme: Option<String>,
    /// The reference of the session it was given at.
    #[arg(long)]
    session: Option<String>,
}

#[derive(Subcommand)]
pub enum AssessmentCommand {
    /// Record a score; prints its number.
    Add(AssessmentFields),
    /// Change a score.
    Edit {
        /// The assessment's number.
        #[arg(value_name = "NUMBER")]
        key: i64,
        #[command(flatten)]
        fields: AssessmentFields,
    },
    /// List scores: number, participant, indicator, date, score, stage,
    /// programme, session.
    List {
        /// Only this indicator's.
        #[arg(long)]
        indicator: Option<String>,
        /// Only anonymous feedback tied to no session or programme (which
        /// counts for no funder until tied).
        #[arg(long)]
        untied: bool,
    },
    /// Tie anonymous feedback cards to the session (or programme) they
    /// were handed in at; prints how many.
    Tie {
        /// The cards' numbers.
        #[arg(value_name = "NUMBER", required = true)]
        cards: Vec<i64>,
        /// The session's reference; its day must be the cards' day.
        #[arg(long)]
        session: Option<String>,
        /// The programme, when the session is not known.
        #[arg(long)]
        programme: Option<String>,
    },
    /// Delete a score.
    Delete {
        /// The assessment's number.
        #[arg(value_name = "NUMBER")]
        key: i64,
    },
}

pub fn assessment(ctx: &mut Context, command: AssessmentCommand) -> Result<()> {
    match command {
        AssessmentCommand::Add(f) => {
            let a = form::<AssessmentForm>(&f).add_to(&mut ctx.store)?;
            out!("{}", a.id);
        }
        AssessmentCommand::Edit { key, fields } => {
            form::<AssessmentForm>(&fields).edit(&mut ctx.store, key)?;
            out!("saved assessment {key}");
        }
        AssessmentCommand::List { indicator, untied } => {
            let mut all = match untied {
                true => ctx.store.untied_feedback()?,
                false => ctx.store.assessments(indicator.as_deref())?,
            };
            if let (true, Some(name)) = (untied, &indicator) {
                all.retain(|a| a.indicator.eq_ignore_ascii_case(name.trim()));
            }
            ctx.print(&all, |a| {
                vec![
                    a.id.to_string(),
                    maybe(&a.participant),
                    a.indicator.clone(),
                    a.date.to_string(),
                    a.score.to_string(),
                    maybe(&a.stage),
                    maybe(&a.programme),
                    maybe(&a.session),
                ]
            });
        }
        AssessmentCommand::Tie {
            cards,
            session,
            programme,
        } => {
            let tied = FeedbackTieForm {
                cards,
                session,
                programme,
            }
            .apply_to(&mut ctx.store)?;
            out!(
                "tied {tied} feedback card{}",
                if tied == 1 { "" } else { "s" }
            );
        }
        AssessmentCommand::Delete { key } => {
            ctx.store.delete_assessment(key)?;
            out!("deleted assessment {key}");
        }
    }
    Ok(())
}

#[derive(Args, Serialize)]
pub struct OutcomeFields {
    /// Its name.
    #[arg(long)]
    name: Option<String>,
    /// What it means.
    #[arg(long)]
    description: Option<String>,
}

#[derive(Subcommand)]
pub enum OutcomeCommand {
    /// Add an outcome.
    Add(OutcomeFields),
    /// Change an outcome.
    Edit {
        /// The outcome's current name.
        #[arg(value_name = "NAME")]
        key: String,
        #[command(flatten)]
        fields: OutcomeFields,
    },
    /// List outcomes: name, description.
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
    },
    /// Archive an outcome (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn outcome(ctx: &mut Context, command: OutcomeCommand) -> Result<()> {
    match command {
        OutcomeCommand::Add(f) => {
            let o = form::<OutcomeForm>(&f).add_to(&mut ctx.store)?;
            out!("added outcome {}", o.name);
        }
        OutcomeCommand::Edit { key, fields } => {
            let o = form::<OutcomeForm>(&fields).edit(&mut ctx.store, &key)?;
            out!("saved outcome {}", o.name);
        }
        OutcomeCommand::List { all } => {
            let os = ctx.store.outcomes(all)?;
            ctx.print(&os, |o| vec![o.name.clone(), o.description.clone()]);
        }
        OutcomeCommand::Archive(a) => archive(ctx, Archivable::Outcome, a)?,
    }
    Ok(())
}

#[derive(Args, Serialize)]
pub struct LogFields {
    /// The participant's code.
    #[arg(long)]
    participant: Option<String>,
    /// When the change was seen.
    #[arg(long)]
    date: Option<String>,
    /// The outcome's name.
    #[arg(long)]
    outcome: Option<String>,
    /// The programme's name.
    #[arg(long)]
    programme: Option<String>,
    /// What was seen or said (never exported).
    #[arg(long)]
    note: Option<String>,
    /// observation, self-report, parent or carer, school, other (default observation).
    #[arg(long)]
    source: Option<String>,
    /// Who logged it.
    #[arg(long)]
    logged_by: Option<String>,
}

#[derive(Subcommand)]
pub enum LogCommand {
    /// Note a change seen; prints its number.
    Add(LogFields),
    /// Change an entry.
    Edit {
        /// The entry's number.
        #[arg(value_name = "NUMBER")]
        key: i64,
        #[command(flatten)]
        fields: LogFields,
    },
    /// List entries, newest first: number, participant, date, outcome, source.
    List {
        /// Only this outcome's.
        #[arg(long)]
        outcome: Option<String>,
        #[command(flatten)]
        within: Within,
    },
    /// Delete an entry.
    Delete {
        /// The entry's number.
        #[arg(value_name = "NUMBER")]
        key: i64,
    },
}

pub fn log(ctx: &mut Context, command: LogCommand) -> Result<()> {
    match command {
        LogCommand::Add(f) => {
            let e = form::<LogEntryForm>(&f).add_to(&mut ctx.store)?;
            out!("{}", e.id);
        }
        LogCommand::Edit { key, fields } => {
            form::<LogEntryForm>(&fields).edit(&mut ctx.store, key)?;
            out!("saved entry {key}");
        }
        LogCommand::List { outcome, within } => {
            let query = LogQuery {
                outcome,
                programme: within.programme,
                from: within.from,
                to: within.to,
            };
            let es = ctx.store.log_entries_matching(&query)?;
            ctx.print(&es, |e| {
                vec![
                    e.id.to_string(),
                    e.participant.clone(),
                    e.date.to_string(),
                    e.outcome.clone(),
                    e.source.clone(),
                ]
            });
        }
        LogCommand::Delete { key } => {
            ctx.store.delete_log_entry(key)?;
            out!("deleted entry {key}");
        }
    }
    Ok(())
}

#[derive(Args, Serialize)]
pub struct StoryFields {
    /// When it happened or was written.
    #[arg(long)]
    date: Option<String>,
    /// Its title.
    #[arg(long)]
    title: Option<String>,
    /// The programme's name.
    #[arg(long)]
    programme: Option<String>,
    /// The participant's code, if about one person.
    #[arg(long)]
    participant: Option<String>,
    /// Whether consent to tell it was given: yes or no.
    #[arg(long)]
    consent: Option<String>,
    /// When consent was given.
    #[arg(long)]
    consent_date: Option<String>,
    /// What the situation was.
    #[arg(long)]
    situation: Option<String>,
    /// What was done.
    #[arg(long)]
    action: Option<String>,
    /// What difference it made.
    #[arg(long)]
    difference: Option<String>,
    /// A quote.
    #[arg(long)]
    quote: Option<String>,
    /// The measures it illustrates, as REF:CODE, `;`-separated.
    #[arg(long)]
    measures: Option<String>,
}

#[derive(Subcommand)]
pub enum StoryCommand {
    /// Add a story; prints its number.
    Add(StoryFields),
    /// Change a story.
    Edit {
        /// The story's number.
        #[arg(value_name = "NUMBER")]
        key: i64,
        #[command(flatten)]
        fields: StoryFields,
    },
    /// Show a story.
    Show {
        /// The story's number.
        #[arg(value_name = "NUMBER")]
        key: i64,
    },
    /// List stories: number, date, title, consent.
    List,
    /// Delete a story.
    Delete {
        /// The story's number.
        #[arg(value_name = "NUMBER")]
        key: i64,
    },
}

pub fn story(ctx: &mut Context, command: StoryCommand) -> Result<()> {
    match command {
        StoryCommand::Add(f) => {
            let s = form::<StoryForm>(&f).add_to(&mut ctx.store)?;
            out!("{}", s.id);
        }
        StoryCommand::Edit { key, fields } => {
            form::<StoryForm>(&fields).edit(&mut ctx.store, key)?;
            out!("saved story {key}");
        }
        StoryCommand::Show { key } => ctx.show(&ctx.store.story(key)?),
        StoryCommand::List => {
            let ss = ctx.store.stories()?;
            ctx.print(&ss, |s| {
                vec![
                    s.id.to_string(),
                    s.date.to_string(),
                    s.title.clone(),
                    yes(s.consent),
                ]
            });
        }
        StoryCommand::Delete { key } => {
            ctx.store.delete_story(key)?;
            out!("deleted story {key}");
        }
    }
    Ok(())
}
