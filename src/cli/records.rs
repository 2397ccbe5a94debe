//! The record commands: add, edit, show, list, archive or delete each kind
//! of record. Each `...Fields` struct holds the options for one record; on
//! `add` they fill a new record, on `edit` they change only what is given.
//! Values are read with `evident::parse` so errors name the field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use evident::parse::{self, format_money};
use evident::records::*;
use evident::store::{Archivable, List, SessionQuery};
use evident::{Error, Result};

use super::Context;

// ---------------------------------------------------------------- helpers

fn text(target: &mut String, value: Option<String>) {
    if let Some(v) = value {
        *target = v;
    }
}

fn optional_text(target: &mut Option<String>, value: Option<String>) {
    if let Some(v) = value {
        *target = Some(v).filter(|v| !v.trim().is_empty());
    }
}

fn date(field: &str, target: &mut NaiveDate, value: Option<String>) -> Result<()> {
    if let Some(v) = value {
        *target = parse::date(field, &v)?;
    }
    Ok(())
}

fn optional_date(field: &str, target: &mut Option<NaiveDate>, value: Option<String>) -> Result<()> {
    if let Some(v) = value {
        *target = parse::optional_date(field, &v)?;
    }
    Ok(())
}

fn yes_no(field: &str, target: &mut bool, value: Option<String>) -> Result<()> {
    if let Some(v) = value {
        *target = parse::yes_no(field, &v)?;
    }
    Ok(())
}

fn optional_yes_no(field: &str, target: &mut Option<bool>, value: Option<String>) -> Result<()> {
    if let Some(v) = value {
        *target = parse::optional_yes_no(field, &v)?;
    }
    Ok(())
}

fn count(field: &str, target: &mut u32, value: Option<String>) -> Result<()> {
    if let Some(v) = value {
        *target = parse::count(field, &v)?;
    }
    Ok(())
}

fn number(field: &str, target: &mut f64, value: Option<String>) -> Result<()> {
    if let Some(v) = value {
        *target = parse::number(field, &v)?;
    }
    Ok(())
}

fn optional_number(field: &str, target: &mut Option<f64>, value: Option<String>) -> Result<()> {
    if let Some(v) = value {
        *target = if v.trim().is_empty() {
            None
        } else {
            Some(parse::number(field, &v)?)
        };
    }
    Ok(())
}

fn word<T>(
    field: &str,
    target: &mut T,
    value: Option<String>,
    parse: fn(&str, &str) -> Result<T>,
) -> Result<()> {
    if let Some(v) = value {
        *target = parse(field, &v)?;
    }
    Ok(())
}

/// Refuses an `add` that leaves out a field with no sensible default.
fn required(field: &str, value: &Option<String>) -> Result<()> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(()),
        _ => Err(Error::invalid(
            field,
            format!("is required; give --{}", field.replace('_', "-")),
        )),
    }
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn maybe<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

/// Archive or bring back a record.
#[derive(Args)]
pub struct ArchiveArgs {
    /// The record's name, code or reference.
    key: String,
    /// Bring the record back instead.
    #[arg(long)]
    undo: bool,
}

fn archive(ctx: &mut Context, kind: Archivable, args: ArchiveArgs) -> Result<()> {
    ctx.store.set_archived(kind, &args.key, !args.undo)?;
    out!(
        "{} {}",
        if args.undo {
            "brought back"
        } else {
            "archived"
        },
        args.key
    );
    Ok(())
}

// ---------------------------------------------------------------- organisation

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Show the organisation's details.
    Show,
    /// Change the organisation's details.
    Set {
        /// The organisation's name.
        #[arg(long)]
        name: Option<String>,
        /// Registered charity number.
        #[arg(long)]
        charity_number: Option<String>,
        /// The month the financial year starts, 1–12.
        #[arg(long)]
        fy_start: Option<String>,
        /// Age bands, comma-separated, youngest first: 0-4,5-10,11-15,16-19,20+.
        #[arg(long)]
        age_bands: Option<String>,
        /// Counts below this are shown as <N in packs.
        #[arg(long)]
        small_number_threshold: Option<String>,
        /// Years to keep records after a participant's last contact.
        #[arg(long)]
        retention_years: Option<String>,
    },
}

pub fn org(ctx: &mut Context, command: OrgCommand) -> Result<()> {
    let mut org = ctx.store.organisation()?;
    match command {
        OrgCommand::Show => ctx.show(&org),
        OrgCommand::Set {
            name,
            charity_number,
            fy_start,
            age_bands,
            small_number_threshold,
            retention_years,
        } => {
            text(&mut org.name, name);
            text(&mut org.charity_number, charity_number);
            count("fy_start", &mut org.fy_start_month, fy_start)?;
            if let Some(bands) = age_bands {
                org.age_bands = bands.split(',').map(|b| b.trim().to_string()).collect();
            }
            count(
                "small_number_threshold",
                &mut org.small_number_threshold,
                small_number_threshold,
            )?;
            count("retention_years", &mut org.retention_years, retention_years)?;
            ctx.store.update_organisation(&org)?;
            out!("saved {}", org.name);
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- lists

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

fn which_list(name: &str) -> Result<List> {
    List::ALL
        .into_iter()
        .find(|l| l.as_str() == name.trim())
        .ok_or_else(|| {
            Error::invalid(
                "list",
                format!("{name:?} is not a list; use ethnicity, gender, priority_group or source"),
            )
        })
}

pub fn list(ctx: &mut Context, command: ListCommand) -> Result<()> {
    match command {
        ListCommand::Show { list } => {
            let values = ctx.store.list_values(which_list(&list)?)?;
            ctx.print(&values, |v| vec![v.clone()])
        }
        ListCommand::Add { list, value } => {
            let stored = ctx.store.add_list_value(which_list(&list)?, &value)?;
            out!("{list} has {stored:?}");
            Ok(())
        }
        ListCommand::Remove { list, value } => {
            if ctx.store.remove_list_value(which_list(&list)?, &value)? {
                out!("removed {value:?} from {list}");
                Ok(())
            } else {
                Err(Error::invalid(
                    "value",
                    format!("{value:?} is not in the {list} list"),
                ))
            }
        }
    }
}

// ---------------------------------------------------------------- funders and programmes

#[derive(Args)]
pub struct NamedFields {
    /// Its name.
    #[arg(long)]
    name: Option<String>,
    /// Contact (funders) or description (programmes).
    #[arg(long, alias = "contact", alias = "description")]
    detail: Option<String>,
}

#[derive(Subcommand)]
pub enum FunderCommand {
    /// Add a funder.
    Add(NamedFields),
    /// Change a funder.
    Edit {
        /// The funder's current name.
        #[arg(value_name = "NAME")]
        key: String,
        #[command(flatten)]
        fields: NamedFields,
    },
    /// List the funders.
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
    },
    /// Archive a funder (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn funder(ctx: &mut Context, command: FunderCommand) -> Result<()> {
    match command {
        FunderCommand::Add(f) => {
            required("name", &f.name)?;
            let mut funder = Funder::default();
            text(&mut funder.name, f.name);
            text(&mut funder.contact, f.detail);
            ctx.store.add_funder(&funder)?;
            out!("added funder {}", funder.name);
            Ok(())
        }
        FunderCommand::Edit { key: name, fields } => {
            let mut funder = ctx.store.funder(&name)?;
            text(&mut funder.name, fields.name);
            text(&mut funder.contact, fields.detail);
            ctx.store.update_funder(&name, &funder)?;
            out!("saved funder {}", funder.name);
            Ok(())
        }
        FunderCommand::List { all } => {
            let funders = ctx.store.funders(all)?;
            ctx.print(&funders, |f| vec![f.name.clone(), f.contact.clone()])
        }
        FunderCommand::Archive(a) => archive(ctx, Archivable::Funder, a),
    }
}

#[derive(Subcommand)]
pub enum ProgrammeCommand {
    /// Add a programme.
    Add(NamedFields),
    /// Change a programme.
    Edit {
        /// The programme's current name.
        #[arg(value_name = "NAME")]
        key: String,
        #[command(flatten)]
        fields: NamedFields,
    },
    /// List the programmes.
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
    },
    /// Archive a programme (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn programme(ctx: &mut Context, command: ProgrammeCommand) -> Result<()> {
    match command {
        ProgrammeCommand::Add(f) => {
            required("name", &f.name)?;
            let mut programme = Programme::default();
            text(&mut programme.name, f.name);
            text(&mut programme.description, f.detail);
            ctx.store.add_programme(&programme)?;
            out!("added programme {}", programme.name);
            Ok(())
        }
        ProgrammeCommand::Edit { key: name, fields } => {
            let mut programme = ctx.store.programme(&name)?;
            text(&mut programme.name, fields.name);
            text(&mut programme.description, fields.detail);
            ctx.store.update_programme(&name, &programme)?;
            out!("saved programme {}", programme.name);
            Ok(())
        }
        ProgrammeCommand::List { all } => {
            let programmes = ctx.store.programmes(all)?;
            ctx.print(&programmes, |p| vec![p.name.clone(), p.description.clone()])
        }
        ProgrammeCommand::Archive(a) => archive(ctx, Archivable::Programme, a),
    }
}

// ---------------------------------------------------------------- agreements

#[derive(Args)]
pub struct AgreementFields {
    /// The funder's reference for it.
    #[arg(long)]
    reference: Option<String>,
    /// The funder's name (a new funder is added).
    #[arg(long)]
    funder: Option<String>,
    /// Its title.
    #[arg(long)]
    title: Option<String>,
    /// contract, grant or service-level agreement.
    #[arg(long)]
    kind: Option<String>,
    /// First day covered (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long)]
    start: Option<String>,
    /// Last day covered.
    #[arg(long)]
    end: Option<String>,
    /// Its value in pounds.
    #[arg(long)]
    value: Option<String>,
    /// monthly, quarterly, six-monthly or annual.
    #[arg(long)]
    frequency: Option<String>,
    /// Days after a period ends that the return is due (default 30).
    #[arg(long)]
    due_days: Option<String>,
    /// The programmes it pays for, `;`-separated (new ones are added).
    #[arg(long)]
    programmes: Option<String>,
    /// The narrative headings, `;`-separated (default: Successes; Challenges; Learning; Next steps).
    #[arg(long)]
    headings: Option<String>,
}

impl AgreementFields {
    fn apply(self, a: &mut Agreement) -> Result<()> {
        text(&mut a.reference, self.reference);
        text(&mut a.funder, self.funder);
        text(&mut a.title, self.title);
        word("kind", &mut a.kind, self.kind, AgreementKind::parse)?;
        date("start", &mut a.start_date, self.start)?;
        date("end", &mut a.end_date, self.end)?;
        if let Some(v) = self.value {
            a.value_pence = if v.trim().is_empty() {
                None
            } else {
                Some(parse::money("value", &v)?)
            };
        }
        word(
            "frequency",
            &mut a.frequency,
            self.frequency,
            Frequency::parse,
        )?;
        count("due_days", &mut a.due_days, self.due_days)?;
        if let Some(p) = self.programmes {
            a.programmes = parse::list(&p);
        }
        if let Some(h) = self.headings {
            let guidance: BTreeMap<String, String> = a
                .headings
                .iter()
                .map(|h| (h.heading.to_lowercase(), h.guidance.clone()))
                .collect();
            a.headings = parse::list(&h)
                .into_iter()
                .map(|heading| Heading {
                    guidance: guidance
                        .get(&heading.to_lowercase())
                        .cloned()
                        .unwrap_or_default(),
                    heading,
                })
                .collect();
        }
        Ok(())
    }
}

#[derive(Subcommand)]
pub enum AgreementCommand {
    /// Add an agreement.
    Add(AgreementFields),
    /// Change an agreement.
    Edit {
        /// The agreement's current reference.
        #[arg(value_name = "REFERENCE")]
        key: String,
        #[command(flatten)]
        fields: AgreementFields,
    },
    /// Show an agreement.
    Show {
        /// The agreement's reference.
        reference: String,
    },
    /// Archive an agreement (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn agreement(ctx: &mut Context, command: AgreementCommand) -> Result<()> {
    match command {
        AgreementCommand::Add(f) => {
            for (field, value) in [
                ("reference", &f.reference),
                ("funder", &f.funder),
                ("title", &f.title),
                ("start", &f.start),
                ("end", &f.end),
            ] {
                required(field, value)?;
            }
            let mut a = Agreement::default();
            f.apply(&mut a)?;
            ctx.store.add_agreement(&a)?;
            out!("added agreement {}", a.reference);
            Ok(())
        }
        AgreementCommand::Edit {
            key: reference,
            fields,
        } => {
            let mut a = ctx.store.agreement(&reference)?;
            fields.apply(&mut a)?;
            ctx.store.update_agreement(&reference, &a)?;
            out!("saved agreement {}", a.reference);
            Ok(())
        }
        AgreementCommand::Show { reference } => {
            let a = ctx.store.agreement(&reference)?;
            ctx.show(&a)
        }
        AgreementCommand::Archive(a) => archive(ctx, Archivable::Agreement, a),
    }
}

// ---------------------------------------------------------------- participants

#[derive(Args)]
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

impl ParticipantFields {
    fn apply(self, p: &mut Participant) -> Result<()> {
        text(&mut p.code, self.code);
        text(&mut p.known_as, self.known_as);
        optional_date("date_of_birth", &mut p.date_of_birth, self.date_of_birth)?;
        text(&mut p.gender, self.gender);
        text(&mut p.ethnicity, self.ethnicity);
        text(&mut p.area, self.area);
        optional_yes_no("disability", &mut p.disability, self.disability)?;
        optional_yes_no("sen", &mut p.sen, self.sen)?;
        if let Some(g) = self.groups {
            p.groups = parse::list(&g);
        }
        text(&mut p.referral_source, self.referral_source);
        optional_date("consent_date", &mut p.consent.date, self.consent_date)?;
        yes_no("consent_photos", &mut p.consent.photos, self.consent_photos)?;
        yes_no(
            "consent_stories",
            &mut p.consent.stories,
            self.consent_stories,
        )?;
        if let Some(v) = self.lawful_basis {
            p.consent.lawful_basis = (!v.trim().is_empty())
                .then(|| LawfulBasis::parse("lawful_basis", &v))
                .transpose()?;
        }
        if let Some(v) = self.consent_given_by {
            p.consent.given_by = (!v.trim().is_empty())
                .then(|| ConsentGivenBy::parse("consent_given_by", &v))
                .transpose()?;
        }
        optional_date(
            "consent_review_date",
            &mut p.consent.review_date,
            self.consent_review_date,
        )?;
        optional_date("left_date", &mut p.left_date, self.left_date)
    }
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
        code: String,
    },
    /// List participants: code, known as, date of birth, gender, area, groups.
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
    },
    /// Archive a participant (or bring one back with --undo).
    Archive(ArchiveArgs),
}

pub fn participant(ctx: &mut Context, command: ParticipantCommand) -> Result<()> {
    let today = ctx.now.date();
    match command {
        ParticipantCommand::Add(f) => {
            let mut p = Participant::default();
            f.apply(&mut p)?;
            let p = ctx.store.add_participant(&p, today)?;
            out!("{}", p.code);
            Ok(())
        }
        ParticipantCommand::Edit { key: code, fields } => {
            let mut p = ctx.store.participant(&code)?;
            fields.apply(&mut p)?;
            let p = ctx.store.update_participant(&code, &p, today)?;
            out!("saved {}", p.code);
            Ok(())
        }
        ParticipantCommand::Show { code } => {
            let p = ctx.store.participant(&code)?;
            ctx.show(&p)
        }
        ParticipantCommand::List { all } => {
            let ps = ctx.store.participants(all)?;
            ctx.print(&ps, |p| {
                vec![
                    p.code.clone(),
                    p.known_as.clone(),
                    maybe(&p.date_of_birth),
                    p.gender.clone(),
                    p.area.clone(),
                    p.groups.join("; "),
                ]
            })
        }
        ParticipantCommand::Archive(a) => archive(ctx, Archivable::Participant, a),
    }
}

// ---------------------------------------------------------------- sessions

#[derive(Args)]
pub struct SessionFields {
    /// Its reference (generated as S00001… when left out).
    #[arg(long)]
    reference: Option<String>,
    /// The programme's name.
    #[arg(long)]
    programme: Option<String>,
    /// The day it ran.
    #[arg(long)]
    date: Option<String>,
    /// When it started, HH:MM.
    #[arg(long)]
    start_time: Option<String>,
    /// How long it ran, in minutes.
    #[arg(long)]
    duration_minutes: Option<String>,
    /// Where it ran.
    #[arg(long)]
    location: Option<String>,
    /// Codes of those who came, `;` or `,`-separated (replaces the register).
    #[arg(long)]
    attendees: Option<String>,
    /// People who came but were not named.
    #[arg(long)]
    headcount: Option<String>,
    /// Paid staff present.
    #[arg(long)]
    staff: Option<String>,
    /// Volunteers present.
    #[arg(long)]
    volunteers: Option<String>,
    /// Hours the volunteers gave.
    #[arg(long)]
    volunteer_hours: Option<String>,
    /// Notes.
    #[arg(long)]
    notes: Option<String>,
}

impl SessionFields {
    fn apply(self, s: &mut Session) -> Result<()> {
        text(&mut s.reference, self.reference);
        text(&mut s.programme, self.programme);
        date("date", &mut s.date, self.date)?;
        if let Some(t) = self.start_time {
            s.start_time = if t.trim().is_empty() {
                None
            } else {
                Some(parse::time("start_time", &t)?)
            };
        }
        count(
            "duration_minutes",
            &mut s.duration_minutes,
            self.duration_minutes,
        )?;
        text(&mut s.location, self.location);
        if let Some(a) = self.attendees {
            s.attendees = parse::list(&a.replace(',', ";"));
        }
        count("headcount", &mut s.headcount, self.headcount)?;
        count("staff", &mut s.staff, self.staff)?;
        count("volunteers", &mut s.volunteers, self.volunteers)?;
        number(
            "volunteer_hours",
            &mut s.volunteer_hours,
            self.volunteer_hours,
        )?;
        text(&mut s.notes, self.notes);
        Ok(())
    }
}

#[derive(Subcommand)]
pub enum SessionCommand {
    /// Add a session with its register; prints its reference.
    Add(SessionFields),
    /// Change a session.
    Edit {
        /// The session's reference.
        #[arg(value_name = "REFERENCE")]
        key: String,
        #[command(flatten)]
        fields: SessionFields,
    },
    /// Show a session and its register.
    Show {
        /// The session's reference.
        reference: String,
    },
    /// List sessions: reference, date, programme, start, minutes, named, headcount.
    List {
        /// Only this programme's.
        #[arg(long)]
        programme: Option<String>,
        /// From this day.
        #[arg(long)]
        from: Option<String>,
        /// To this day.
        #[arg(long)]
        to: Option<String>,
    },
    /// Delete a session and its register.
    Delete {
        /// The session's reference.
        reference: String,
    },
}

pub fn session(ctx: &mut Context, command: SessionCommand) -> Result<()> {
    match command {
        SessionCommand::Add(f) => {
            required("programme", &f.programme)?;
            required("date", &f.date)?;
            required("duration_minutes", &f.duration_minutes)?;
            let mut s = Session::default();
            f.apply(&mut s)?;
            let s = ctx.store.add_session(&s)?;
            out!("{}", s.reference);
            Ok(())
        }
        SessionCommand::Edit {
            key: reference,
            fields,
        } => {
            let mut s = ctx.store.session(&reference)?;
            fields.apply(&mut s)?;
            let s = ctx.store.update_session(&reference, &s)?;
            out!("saved {}", s.reference);
            Ok(())
        }
        SessionCommand::Show { reference } => {
            let s = ctx.store.session(&reference)?;
            ctx.show(&s)
        }
        SessionCommand::List {
            programme,
            from,
            to,
        } => {
            let query = SessionQuery {
                programme,
                from: from.map(|d| parse::date("from", &d)).transpose()?,
                to: to.map(|d| parse::date("to", &d)).transpose()?,
            };
            let sessions = ctx.store.sessions(&query)?;
            ctx.print(&sessions, |s| {
                vec![
                    s.reference.clone(),
                    s.date.to_string(),
                    s.programme.clone(),
                    s.start_time
                        .map(|t| t.format("%H:%M").to_string())
                        .unwrap_or_default(),
                    s.duration_minutes.to_string(),
                    s.attendees.len().to_string(),
                    s.headcount.to_string(),
                ]
            })
        }
        SessionCommand::Delete { reference } => {
            ctx.store.delete_session(&reference)?;
            out!("deleted session {reference}");
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- indicators and assessments

#[derive(Args)]
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

impl IndicatorFields {
    fn apply(self, i: &mut Indicator) -> Result<()> {
        text(&mut i.name, self.name);
        number("min", &mut i.min, self.min)?;
        number("max", &mut i.max, self.max)?;
        yes_no(
            "higher_is_better",
            &mut i.higher_is_better,
            self.higher_is_better,
        )?;
        number(
            "meaningful_change",
            &mut i.meaningful_change,
            self.meaningful_change,
        )?;
        text(&mut i.description, self.description);
        Ok(())
    }
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
            required("name", &f.name)?;
            let mut i = Indicator::default();
            f.apply(&mut i)?;
            ctx.store.add_indicator(&i)?;
            out!("added indicator {}", i.name);
            Ok(())
        }
        IndicatorCommand::Edit { key: name, fields } => {
            let mut i = ctx.store.indicator(&name)?;
            fields.apply(&mut i)?;
            ctx.store.update_indicator(&name, &i)?;
            out!("saved indicator {}", i.name);
            Ok(())
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
            })
        }
        IndicatorCommand::Archive(a) => archive(ctx, Archivable::Indicator, a),
    }
}

#[derive(Args)]
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
}

impl AssessmentFields {
    fn apply(self, a: &mut Assessment) -> Result<()> {
        optional_text(&mut a.participant, self.participant);
        text(&mut a.indicator, self.indicator);
        date("date", &mut a.date, self.date)?;
        number("score", &mut a.score, self.score)?;
        if let Some(s) = self.stage {
            a.stage = (!s.trim().is_empty())
                .then(|| Stage::parse("stage", &s))
                .transpose()?;
        }
        Ok(())
    }
}

#[derive(Subcommand)]
pub enum AssessmentCommand {
    /// Record a score; prints its number.
    Add(AssessmentFields),
    /// Change a score.
    Edit {
        /// The assessment's number.
        id: i64,
        #[command(flatten)]
        fields: AssessmentFields,
    },
    /// List scores: number, participant, indicator, date, score, stage.
    List {
        /// Only this indicator's.
        #[arg(long)]
        indicator: Option<String>,
    },
    /// Delete a score.
    Delete {
        /// The assessment's number.
        id: i64,
    },
}

pub fn assessment(ctx: &mut Context, command: AssessmentCommand) -> Result<()> {
    match command {
        AssessmentCommand::Add(f) => {
            required("indicator", &f.indicator)?;
            required("date", &f.date)?;
            required("score", &f.score)?;
            let mut a = Assessment {
                id: 0,
                participant: None,
                indicator: String::new(),
                date: NaiveDate::MIN,
                score: 0.0,
                stage: None,
            };
            f.apply(&mut a)?;
            let a = ctx.store.add_assessment(&a)?;
            out!("{}", a.id);
            Ok(())
        }
        AssessmentCommand::Edit { id, fields } => {
            let mut a = ctx.store.assessment(id)?;
            fields.apply(&mut a)?;
            ctx.store.update_assessment(id, &a)?;
            out!("saved assessment {id}");
            Ok(())
        }
        AssessmentCommand::List { indicator } => {
            let all = ctx.store.assessments(indicator.as_deref())?;
            ctx.print(&all, |a| {
                vec![
                    a.id.to_string(),
                    maybe(&a.participant),
                    a.indicator.clone(),
                    a.date.to_string(),
                    a.score.to_string(),
                    maybe(&a.stage),
                ]
            })
        }
        AssessmentCommand::Delete { id } => {
            ctx.store.delete_assessment(id)?;
            out!("deleted assessment {id}");
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- outcomes, log and stories

#[derive(Args)]
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
    /// List outcomes.
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
            required("name", &f.name)?;
            let mut o = Outcome::default();
            text(&mut o.name, f.name);
            text(&mut o.description, f.description);
            ctx.store.add_outcome(&o)?;
            out!("added outcome {}", o.name);
            Ok(())
        }
        OutcomeCommand::Edit { key: name, fields } => {
            let mut o = ctx
                .store
                .outcomes(true)?
                .into_iter()
                .find(|o| o.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| Error::NotFound {
                    what: "outcome",
                    key: name.clone(),
                    hint: "run `evident outcome list` to see the outcomes",
                })?;
            text(&mut o.name, fields.name);
            text(&mut o.description, fields.description);
            ctx.store.update_outcome(&name, &o)?;
            out!("saved outcome {}", o.name);
            Ok(())
        }
        OutcomeCommand::List { all } => {
            let os = ctx.store.outcomes(all)?;
            ctx.print(&os, |o| vec![o.name.clone(), o.description.clone()])
        }
        OutcomeCommand::Archive(a) => archive(ctx, Archivable::Outcome, a),
    }
}

#[derive(Args)]
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
    /// observation, self-report, parent or carer, school, other.
    #[arg(long)]
    source: Option<String>,
    /// Who logged it.
    #[arg(long)]
    logged_by: Option<String>,
}

impl LogFields {
    fn apply(self, e: &mut OutcomeLogEntry) -> Result<()> {
        text(&mut e.participant, self.participant);
        date("date", &mut e.date, self.date)?;
        text(&mut e.outcome, self.outcome);
        optional_text(&mut e.programme, self.programme);
        text(&mut e.note, self.note);
        text(&mut e.source, self.source);
        text(&mut e.logged_by, self.logged_by);
        Ok(())
    }
}

#[derive(Subcommand)]
pub enum LogCommand {
    /// Note a change seen; prints its number.
    Add(LogFields),
    /// Change an entry.
    Edit {
        /// The entry's number.
        id: i64,
        #[command(flatten)]
        fields: LogFields,
    },
    /// List entries: number, participant, date, outcome, source.
    List,
    /// Delete an entry.
    Delete {
        /// The entry's number.
        id: i64,
    },
}

pub fn log(ctx: &mut Context, command: LogCommand) -> Result<()> {
    match command {
        LogCommand::Add(f) => {
            required("participant", &f.participant)?;
            required("date", &f.date)?;
            required("outcome", &f.outcome)?;
            let mut e = OutcomeLogEntry {
                id: 0,
                participant: String::new(),
                date: NaiveDate::MIN,
                outcome: String::new(),
                programme: None,
                note: String::new(),
                source: "observation".into(),
                logged_by: String::new(),
            };
            f.apply(&mut e)?;
            let e = ctx.store.add_log_entry(&e)?;
            out!("{}", e.id);
            Ok(())
        }
        LogCommand::Edit { id, fields } => {
            let mut e = ctx.store.log_entry(id)?;
            fields.apply(&mut e)?;
            ctx.store.update_log_entry(id, &e)?;
            out!("saved entry {id}");
            Ok(())
        }
        LogCommand::List => {
            let es = ctx.store.log_entries()?;
            ctx.print(&es, |e| {
                vec![
                    e.id.to_string(),
                    e.participant.clone(),
                    e.date.to_string(),
                    e.outcome.clone(),
                    e.source.clone(),
                ]
            })
        }
        LogCommand::Delete { id } => {
            ctx.store.delete_log_entry(id)?;
            out!("deleted entry {id}");
            Ok(())
        }
    }
}

#[derive(Args)]
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

impl StoryFields {
    fn apply(self, s: &mut Story) -> Result<()> {
        date("date", &mut s.date, self.date)?;
        text(&mut s.title, self.title);
        optional_text(&mut s.programme, self.programme);
        optional_text(&mut s.participant, self.participant);
        yes_no("consent", &mut s.consent, self.consent)?;
        optional_date("consent_date", &mut s.consent_date, self.consent_date)?;
        text(&mut s.situation, self.situation);
        text(&mut s.action, self.action);
        text(&mut s.difference, self.difference);
        text(&mut s.quote, self.quote);
        if let Some(m) = self.measures {
            s.measures = parse::list(&m)
                .into_iter()
                .map(|item| {
                    item.rsplit_once(':')
                        .map(|(agreement, code)| MeasureRef {
                            agreement: agreement.trim().to_string(),
                            code: code.trim().to_string(),
                        })
                        .ok_or_else(|| Error::invalid("measures", format!("{item:?} is not REF:CODE; write the agreement's reference, a colon and the measure's code")))
                })
                .collect::<Result<_>>()?;
        }
        Ok(())
    }
}

#[derive(Subcommand)]
pub enum StoryCommand {
    /// Add a story; prints its number.
    Add(StoryFields),
    /// Change a story.
    Edit {
        /// The story's number.
        id: i64,
        #[command(flatten)]
        fields: StoryFields,
    },
    /// Show a story.
    Show {
        /// The story's number.
        id: i64,
    },
    /// List stories: number, date, title, consent.
    List,
    /// Delete a story.
    Delete {
        /// The story's number.
        id: i64,
    },
}

pub fn story(ctx: &mut Context, command: StoryCommand) -> Result<()> {
    match command {
        StoryCommand::Add(f) => {
            required("date", &f.date)?;
            required("title", &f.title)?;
            let mut s = Story {
                id: 0,
                date: NaiveDate::MIN,
                title: String::new(),
                programme: None,
                participant: None,
                consent: false,
                consent_date: None,
                situation: String::new(),
                action: String::new(),
                difference: String::new(),
                quote: String::new(),
                measures: Vec::new(),
            };
            f.apply(&mut s)?;
            let s = ctx.store.add_story(&s)?;
            out!("{}", s.id);
            Ok(())
        }
        StoryCommand::Edit { id, fields } => {
            let mut s = ctx.store.story(id)?;
            fields.apply(&mut s)?;
            ctx.store.update_story(id, &s)?;
            out!("saved story {id}");
            Ok(())
        }
        StoryCommand::Show { id } => {
            let s = ctx.store.story(id)?;
            ctx.show(&s)
        }
        StoryCommand::List => {
            let ss = ctx.store.stories()?;
            ctx.print(&ss, |s| {
                vec![
                    s.id.to_string(),
                    s.date.to_string(),
                    s.title.clone(),
                    yes(s.consent),
                ]
            })
        }
        StoryCommand::Delete { id } => {
            ctx.store.delete_story(id)?;
            out!("deleted story {id}");
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- measures and their values

#[derive(Args)]
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
    /// number, percent, hours or currency.
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
}

impl MeasureFields {
    fn apply(self, m: &mut Measure) -> Result<()> {
        text(&mut m.code, self.code);
        text(&mut m.title, self.title);
        word("question", &mut m.question, self.question, Question::parse)?;
        word(
            "calculation",
            &mut m.calculation,
            self.calculation,
            Calculation::parse,
        )?;
        optional_text(&mut m.indicator, self.indicator);
        if let Some(v) = self.min_sessions {
            m.min_sessions = if v.trim().is_empty() {
                None
            } else {
                Some(parse::count("min_sessions", &v)?)
            };
        }
        optional_number("threshold", &mut m.threshold, self.threshold)?;
        optional_number("rating", &mut m.rating, self.rating)?;
        text(&mut m.filter, self.filter);
        word("unit", &mut m.unit, self.unit, Unit::parse)?;
        yes_no(
            "higher_is_better",
            &mut m.higher_is_better,
            self.higher_is_better,
        )?;
        optional_number("baseline", &mut m.baseline, self.baseline)?;
        text(&mut m.definition, self.definition);
        Ok(())
    }
}

#[derive(Subcommand)]
pub enum MeasureCommand {
    /// Add a measure to an agreement.
    Add {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
        #[command(flatten)]
        fields: MeasureFields,
    },
    /// Change a measure.
    Edit {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
        /// The measure's current code.
        #[arg(value_name = "CODE")]
        key: String,
        #[command(flatten)]
        fields: MeasureFields,
    },
    /// List an agreement's measures: code, title, question, calculation, unit.
    List {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
    },
    /// Delete a measure with its targets and values.
    Delete {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
        /// The measure's code.
        code: String,
    },
    /// Set (or with an empty value, clear) a measure's target for a period.
    Target {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
        /// The measure's code.
        #[arg(long)]
        code: String,
        /// The period id, as `evident periods` lists it.
        #[arg(long)]
        period: String,
        /// The target.
        #[arg(long)]
        value: String,
    },
}

pub fn measure(ctx: &mut Context, command: MeasureCommand) -> Result<()> {
    match command {
        MeasureCommand::Add { agreement, fields } => {
            for (field, value) in [
                ("code", &fields.code),
                ("title", &fields.title),
                ("question", &fields.question),
                ("calculation", &fields.calculation),
            ] {
                required(field, value)?;
            }
            let mut m = Measure {
                agreement,
                ..Measure::default()
            };
            fields.apply(&mut m)?;
            ctx.store.add_measure(&m)?;
            out!("added measure {}", m.code);
            Ok(())
        }
        MeasureCommand::Edit {
            agreement,
            key: code,
            fields,
        } => {
            let mut m = ctx.store.measure(&agreement, &code)?;
            fields.apply(&mut m)?;
            ctx.store.update_measure(&agreement, &code, &m)?;
            out!("saved measure {}", m.code);
            Ok(())
        }
        MeasureCommand::List { agreement } => {
            let ms = ctx.store.measures(&agreement)?;
            ctx.print(&ms, |m| {
                vec![
                    m.code.clone(),
                    m.title.clone(),
                    m.question.to_string(),
                    m.calculation.to_string(),
                    m.unit.to_string(),
                ]
            })
        }
        MeasureCommand::Delete { agreement, code } => {
            ctx.store.delete_measure(&agreement, &code)?;
            out!("deleted measure {code}");
            Ok(())
        }
        MeasureCommand::Target {
            agreement,
            code,
            period,
            value,
        } => {
            let target = if value.trim().is_empty() {
                None
            } else {
                Some(parse::number("value", &value)?)
            };
            ctx.store.set_target(&agreement, &code, &period, target)?;
            out!("saved the target of {code} for {period}");
            Ok(())
        }
    }
}

#[derive(Subcommand)]
pub enum ManualCommand {
    /// Type the value of a manual measure for a period.
    Set {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
        /// The measure's code.
        #[arg(long)]
        code: String,
        /// The period id.
        #[arg(long)]
        period: String,
        /// The value.
        #[arg(long)]
        value: String,
        /// Where it came from.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List an agreement's typed values: code, period, value, note.
    List {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
    },
}

pub fn manual(ctx: &mut Context, command: ManualCommand) -> Result<()> {
    match command {
        ManualCommand::Set {
            agreement,
            code,
            period,
            value,
            note,
        } => {
            let value = parse::number("value", &value)?;
            ctx.store.set_manual_value(&ManualValue {
                agreement,
                code: code.clone(),
                period: period.clone(),
                value,
                note,
            })?;
            out!("saved {code} for {period}");
            Ok(())
        }
        ManualCommand::List { agreement } => {
            let vs = ctx.store.manual_values(&agreement)?;
            ctx.print(&vs, |v| {
                vec![
                    v.code.clone(),
                    v.period.clone(),
                    v.value.to_string(),
                    v.note.clone(),
                ]
            })
        }
    }
}

// ---------------------------------------------------------------- narrative and finance

#[derive(Subcommand)]
pub enum NarrativeCommand {
    /// Show a period's narrative: each heading and its answer.
    Show {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
        /// The period id.
        #[arg(long)]
        period: String,
    },
    /// Answer one of the agreement's headings for a period.
    Set {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
        /// The period id.
        #[arg(long)]
        period: String,
        /// The heading.
        #[arg(long)]
        heading: String,
        /// The answer.
        #[arg(long)]
        text: String,
    },
    /// Write the story behind a measure's curve for a period.
    Curve {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
        /// The period id.
        #[arg(long)]
        period: String,
        /// The measure's code.
        #[arg(long)]
        code: String,
        /// The story behind the curve.
        #[arg(long)]
        text: String,
    },
}

pub fn narrative(ctx: &mut Context, command: NarrativeCommand) -> Result<()> {
    match command {
        NarrativeCommand::Show { agreement, period } => {
            let n = ctx.store.narrative(&agreement, &period)?;
            if ctx.json {
                return ctx.show(&n);
            }
            for (heading, answer) in &n.answers {
                out!(
                    "{heading}\n{}\n",
                    if answer.is_empty() {
                        "(not written yet)"
                    } else {
                        answer
                    }
                );
            }
            for (code, text) in &n.curves {
                out!("Story behind the curve, {code}\n{text}\n");
            }
            Ok(())
        }
        NarrativeCommand::Set {
            agreement,
            period,
            heading,
            text,
        } => {
            ctx.store
                .set_narrative_answer(&agreement, &period, &heading, &text)?;
            out!("saved {heading:?} for {period}");
            Ok(())
        }
        NarrativeCommand::Curve {
            agreement,
            period,
            code,
            text,
        } => {
            ctx.store
                .set_curve_story(&agreement, &period, &code, &text)?;
            out!("saved the story behind {code} for {period}");
            Ok(())
        }
    }
}

#[derive(Subcommand)]
pub enum FinanceCommand {
    /// Set budget and spend for a period.
    Set {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
        /// The period id.
        #[arg(long)]
        period: String,
        /// Budget in pounds.
        #[arg(long)]
        budget: String,
        /// Actual spend in pounds.
        #[arg(long)]
        actual: String,
        /// Why they differ, or anything else.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List an agreement's finance: period, budget, actual, note.
    List {
        /// The agreement's reference.
        #[arg(long)]
        agreement: String,
    },
}

pub fn finance(ctx: &mut Context, command: FinanceCommand) -> Result<()> {
    match command {
        FinanceCommand::Set {
            agreement,
            period,
            budget,
            actual,
            note,
        } => {
            ctx.store.set_finance(&Finance {
                agreement,
                period: period.clone(),
                budget_pence: parse::money("budget", &budget)?,
                actual_pence: parse::money("actual", &actual)?,
                note,
            })?;
            out!("saved finance for {period}");
            Ok(())
        }
        FinanceCommand::List { agreement } => {
            let fs = ctx.store.finances(&agreement)?;
            ctx.print(&fs, |f| {
                vec![
                    f.period.clone(),
                    format_money(f.budget_pence),
                    format_money(f.actual_pence),
                    f.note.clone(),
                ]
            })
        }
    }
}
