//! Participants: add, edit, show, list, archive.

use clap::{Args, Subcommand};
use serde::Serialize;

use evident::forms::ParticipantForm;
use evident::profile;
use evident::store::Archivable;
use evident::Result;

use super::print::{archive, form, maybe, ArchiveArgs};
use super::Context;

#[derive(Args, Serialize)]
pub struct ParticipantFields {
    /// Their code (generated as P0001… when left out).
    #[arg(long)]
    code: Option<String>,
    /// The name they are known by (kept on this computer, never exported).
    #[arg(long)]
    known_as: Option<String>,
    /// Date of birth.
    #[arg(long)]
    date_of_birth: Option<String>,
    /// Gender, from the gender list.
    #[arg(long)]
    gender: Option<String>,
    /// Ethnicity, from the ethnicity list.
    #[arg(long)]
    ethnicity: Option<String>,
    /// Area or ward.
    #[arg(long)]
    area: Option<String>,
    /// Disabled: yes, no, or empty for not known.
    #[arg(long)]
    disability: Option<String>,
    /// Special educational needs: yes, no, or empty for not known.
    #[arg(long)]
    sen: Option<String>,
    /// Priority groups, `;`-separated.
    #[arg(long)]
    groups: Option<String>,
    /// Who referred them.
    #[arg(long)]
    referral_source: Option<String>,
    /// When consent was recorded.
    #[arg(long)]
    consent_date: Option<String>,
    /// Consent to photos: yes or no.
    #[arg(long)]
    consent_photos: Option<String>,
    /// Consent to their story being told: yes or no.
    #[arg(long)]
    consent_stories: Option<String>,
    /// consent or legitimate interest.
    #[arg(long)]
    lawful_basis: Option<String>,
    /// young person, or parent or carer.
    #[arg(long)]
    consent_given_by: Option<String>,
    /// When consent is due for review.
    #[arg(long)]
    consent_review_date: Option<String>,
    /// When they left.
    #[arg(long)]
    left_date: Option<String>,
}

#[derive(Subcommand)]
pub enum ParticipantCommand {
    /// Add a participant; prints their code.
    Add(ParticipantFields),
    /// Change a participant.
    Edit {
        /// The participant's code.
        #[arg(value_name = "CODE")]
        key: String,
        #[command(flatten)]
        fields: ParticipantFields,
    },
    /// Show a participant.
    Show {
        /// The participant's code.
        #[arg(value_name = "CODE")]
        key: String,
    },
    /// Everything recorded about a participant: their record, attendance,
    /// scores, logged changes and stories.
    Page {
        /// The participant's code.
        #[arg(value_name = "CODE")]
        key: String,
    },
    /// List participants: code, known as, date of birth, gender, area, groups.
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
        /// Only those who have come to this programme.
        #[arg(long)]
        programme: Option<String>,
    },
    /// Archive a participant (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn participant(ctx: &mut Context, command: ParticipantCommand) -> Result<()> {
    let today = ctx.now.date();
    match command {
        ParticipantCommand::Add(f) => {
            let p = form::<ParticipantForm>(&f).add_to(&mut ctx.store, today)?;
            out!("{}", p.code);
        }
        ParticipantCommand::Edit { key, fields } => {
            let p = form::<ParticipantForm>(&fields).edit(&mut ctx.store, &key, today)?;
            out!("saved {}", p.code);
        }
        ParticipantCommand::Show { key } => ctx.show(&ctx.store.participant(&key)?),
        ParticipantCommand::Page { key } => {
            let page = profile::of(&ctx.store, &key, today)?;
            if !ctx.json(&page) {
                let p = &page.participant;
                out!(
                    "{} {} ({})",
                    p.code,
                    p.known_as,
                    maybe(&page.age.map(|a| format!("age {a}")))
                );
                out!("sessions attended: {}", page.attendance.len());
                for a in page.attendance.iter().take(10) {
                    out!("  {}\t{}\t{}", a.date, a.programme, a.session);
                }
                for j in &page.journeys {
                    let scores: Vec<String> = j
                        .scores
                        .iter()
                        .map(|s| format!("{} {}", s.date, s.score))
                        .collect();
                    out!("{}: {}", j.indicator.name, scores.join(", "));
                }
                for e in &page.log {
                    out!("logged {}\t{}\t{}", e.date, e.outcome, e.source);
                }
                for s in &page.stories {
                    out!("story {}\t{}\t{}", s.id, s.date, s.title);
                }
            }
        }
        ParticipantCommand::List { all, programme } => {
            let ps = ctx.store.participants_at(programme.as_deref(), all)?;
            ctx.print(&ps, |p| {
                vec![
                    p.code.clone(),
                    p.known_as.clone(),
                    maybe(&p.date_of_birth),
                    p.gender.clone(),
                    p.area.clone(),
                    p.groups.join("; "),
                ]
            });
        }
        ParticipantCommand::Archive(a) => archive(ctx, Archivable::Participant, a)?,
    }
    Ok(())
}
