//! The returns pack (DESIGN "The returns pack"): `returns.xlsx`, the
//! period's evidence files and a manifest, zipped and written atomically;
//! or the workbook alone.

pub mod data;
mod disclosure;
pub mod filled_form;
pub(crate) mod formats;
mod rows;
pub(crate) mod sheet;
mod workbook;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;
use zip::write::SimpleFileOptions;

pub use workbook::{SHEETS, SUMMARY_HEADER};

use crate::checks::{self, Check};
use crate::error::{Error, Result};
use crate::evidence;
use crate::files;
use crate::measures::{self, Breakdowns, Report, Span, Workbench};
use crate::periods::Period;
use crate::records::{
    Agreement, Approval, Attachment, EvidenceFile, Finance, Forecast, Milestone, Narrative,
    Organisation, OtherIncome, Story,
};
use crate::store::Store;
use crate::submission::{self, Change};

/// Who prepared the pack and when.
#[derive(Debug, Clone)]
pub struct Options {
    /// The name on the Cover sheet (the organisation's contact for
    /// returns when empty).
    pub prepared_by: String,
    /// When the pack is written (the Cover's "generated at"; today for the checks).
    pub now: NaiveDateTime,
}

/// Who prepared the return: the name given, else the organisation's contact
/// for returns; a pack with nobody's name on it is refused, and so is one
/// prepared by the person who approved it (approval is a second pair of eyes).
fn preparer(
    options: &Options,
    organisation: &Organisation,
    approval: Option<&Approval>,
) -> Result<String> {
    let named = [&options.prepared_by, &organisation.contact_name]
        .into_iter()
        .map(|name| name.trim())
        .find(|name| !name.is_empty());
    let Some(name) = named else {
        return Err(crate::error::Error::invalid(
            "prepared_by",
            "say who prepared this return: the organisation has no contact for returns to name instead",
        ));
    };
    if let Some(a) = approval.filter(|a| a.name.trim().eq_ignore_ascii_case(name)) {
        return Err(crate::error::Error::invalid(
            "prepared_by",
            format!(
                "{} approved this return, so cannot also be named as preparing it; name who prepared it, or have someone else approve it",
                a.name
            ),
        ));
    }
    Ok(name.to_string())
}

/// A measure's next period, as Trend shows it: its target, and where the
/// line of its last four values is heading (a forecast, not a result).
#[derive(Debug, Clone)]
pub struct Forecasting {
    /// The next period's id.
    pub period: String,
    /// Its target, if one is set.
    pub target: Option<f64>,
    /// The straight line through the last four values (two at least),
    /// carried on one period.
    pub heading: Option<f64>,
}

/// Where the least-squares line through `points` (x, y) is at `x`; none
/// from fewer than two points.
fn line_at(points: &[(f64, f64)], x: f64) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let (mx, my) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let (sxy, sxx) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| {
        (a + (x - mx) * (y - my), b + (x - mx) * (x - mx))
    });
    let slope = if sxx == 0.0 { 0.0 } else { sxy / sxx };
    Some(my + slope * (x - mx))
}

/// Another agreement that pays for some of the same programmes in the
/// period: the same work is reported to both, and each return says so.
#[derive(Debug, Clone)]
pub struct AlsoFunded {
    /// The programmes both pay for.
    pub programmes: Vec<String>,
    /// The other funder.
    pub funder: String,
    /// The other agreement's title.
    pub title: String,
    /// Its reference.
    pub reference: String,
    /// What it recorded as spent in its periods that overlap this one, if
    /// it recorded any.
    pub spent_pence: Option<i64>,
}

impl AlsoFunded {
    /// "Youth club is also funded by City Trust (Families grant, HCT-FT-25)".
    pub fn sentence(&self) -> String {
        let spent = match self.spent_pence {
            Some(p) => format!(", {} spent in this period", crate::parse::pounds(p)),
            None => ", its spend not recorded for this period".to_string(),
        };
        format!(
            "{} {} also funded by {} ({}, {}){spent}",
            self.programmes.join(" and "),
            if self.programmes.len() == 1 {
                "is"
            } else {
                "are"
            },
            self.funder,
            self.title,
            self.reference
        )
    }

    /// Its line under other income.
    fn as_income_source(&self) -> String {
        format!(
            "{} ({}, {}), also paying for {}",
            self.funder,
            self.title,
            self.reference,
            self.programmes.join(" and ")
        )
    }
}

/// Every other current agreement paying for a programme of `agreement`
/// while `period` runs, with what it spent in its own periods overlapping it.
fn also_funded(store: &Store, agreement: &Agreement, period: &Period) -> Result<Vec<AlsoFunded>> {
    let mut found = Vec::new();
    for other in store.agreements(false)? {
        if other.reference.eq_ignore_ascii_case(&agreement.reference)
            || other.end_date < period.start
            || other.start_date > period.end
        {
            continue;
        }
        let programmes: Vec<String> = agreement
            .programmes
            .iter()
            .filter(|p| other.programmes.iter().any(|o| o.eq_ignore_ascii_case(p)))
            .cloned()
            .collect();
        if programmes.is_empty() {
            continue;
        }
        let overlapping: Vec<String> = store
            .periods(&other.reference)?
            .into_iter()
            .filter(|p| p.start <= period.end && p.end >= period.start)
            .map(|p| p.id)
            .collect();
        let lines: Vec<Finance> = store
            .finances(&other.reference)?
            .into_iter()
            .filter(|f| overlapping.contains(&f.period))
            .collect();
        found.push(AlsoFunded {
            programmes,
            funder: other.funder.clone(),
            title: other.title.clone(),
            reference: other.reference.clone(),
            spent_pence: (!lines.is_empty()).then(|| lines.iter().map(|f| f.actual_pence).sum()),
        });
    }
    Ok(found)
}

/// One session's line on the Activity sheet.
#[derive(Debug, Clone)]
pub struct ActivityRow {
    /// The day.
    pub date: NaiveDate,
    /// The programme.
    pub programme: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Named attendees.
    pub named: u32,
    /// Unnamed attendees.
    pub headcount: u32,
    /// Volunteers present.
    pub volunteers: u32,
    /// Volunteer hours.
    pub volunteer_hours: f64,
}

/// One participant's line on the Participants sheet: no name, no date of birth.
#[derive(Debug, Clone)]
pub struct ParticipantRow {
    /// Their code.
    pub code: String,
    /// Their age band at the period's end.
    pub age_band: String,
    /// Gender.
    pub gender: String,
    /// Ethnicity.
    pub ethnicity: String,
    /// Area.
    pub area: String,
    /// Sessions attended this period.
    pub sessions: u32,
    /// The first day they came to the agreement's programmes (the sheet
    /// shows its month only).
    pub first_attended: Option<NaiveDate>,
}

/// An evidence file in the pack.
#[derive(Debug, Clone)]
pub struct EvidenceEntry {
    /// Its record.
    pub file: EvidenceFile,
    /// What it is attached to, in words.
    pub attached_to: String,
    /// Its path inside the zip.
    pub pack_path: String,
}

/// Everything a pack shows.
/// What the Cover and Finance say of the team: counts, roles and post
/// titles, never a name.
#[derive(Debug, Clone, Default)]
pub struct TeamSummary {
    /// On the team at the period's end.
    pub on_team: usize,
    /// Of those, with a DBS check in date that day.
    pub dbs_in_date: usize,
    /// The designated safeguarding lead's role, if one is named.
    pub safeguarding_lead: Option<String>,
    /// The posts this agreement pays for.
    pub posts: Vec<PostCost>,
}

/// A funded post: its title, hours and cost.
#[derive(Debug, Clone, PartialEq)]
pub struct PostCost {
    /// The post's title.
    pub title: String,
    /// Hours a week.
    pub hours_a_week: Option<f64>,
    /// Its cost in the period: its cost a year, by the period's months.
    pub this_period_pence: i64,
    /// Its cost over the agreement's periods to this one.
    pub to_date_pence: i64,
}

/// The team as the pack of `agreement`'s `period` tells it.
fn team_summary(
    team: &[crate::records::TeamMember],
    agreement: &str,
    period: &crate::periods::Period,
    periods: &[crate::periods::Period],
) -> TeamSummary {
    let on_team: Vec<_> = team.iter().filter(|m| m.on_team(period.end)).collect();
    let share = |m: &crate::records::TeamMember, p: &crate::periods::Period| -> i64 {
        let months = i64::from(
            (p.end.year() * 12 + p.end.month() as i32)
                - (p.start.year() * 12 + p.start.month() as i32)
                + 1,
        );
        match m.on_team(p.start) {
            true => (m.post_cost_pence.unwrap_or(0) * months + 6) / 12,
            false => 0,
        }
    };
    let posts = team
        .iter()
        .filter(|m| !m.post.is_empty())
        .filter(|m| {
            m.post_agreement
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(agreement))
        })
        .filter(|m| m.on_team(period.start))
        .map(|m| PostCost {
            title: m.post.clone(),
            hours_a_week: m.hours_a_week,
            this_period_pence: share(m, period),
            to_date_pence: periods
                .iter()
                .filter(|p| p.end <= period.end)
                .map(|p| share(m, p))
                .sum(),
        })
        .collect();
    TeamSummary {
        on_team: on_team.len(),
        dbs_in_date: on_team.iter().filter(|m| m.dbs_in_date(period.end)).count(),
        safeguarding_lead: on_team.iter().find(|m| m.safeguarding_lead).map(|m| {
            if m.role.is_empty() {
                "Named on the team".to_string()
            } else {
                m.role.clone()
            }
        }),
        posts,
    }
}

pub struct Contents {
    /// The team: DBS checks, the safeguarding lead, funded posts.
    pub team: TeamSummary,
    /// The period's safeguarding figures, if recorded.
    pub safeguarding: Option<crate::records::Safeguarding>,
    /// The measures whose figures for the period are withheld, since they
    /// would give away a count Demographics hides.
    pub withheld: BTreeSet<String>,
    /// The organisation.
    pub organisation: Organisation,
    /// The agreement.
    pub agreement: Agreement,
    /// The period.
    pub period: Period,
    /// Who prepared it.
    pub prepared_by: String,
    /// When it was written.
    pub generated_at: NaiveDateTime,
    /// Whose changes it includes and up to when, where several laptops
    /// keep the records (`None` on a laptop of its own).
    pub laptops: Option<String>,
    /// The measures.
    pub report: Report,
    /// Every period so far, for the Trend sheet.
    pub trend: Vec<(Period, Report)>,
    /// The ids of those periods in which no session was held: a zero there
    /// is drawn as a gap, not as a fall.
    pub periods_without_sessions: Vec<String>,
    /// The readiness checks.
    pub checks: Vec<Check>,
    /// Demographics, outcomes, months.
    pub breakdowns: Breakdowns,
    /// The period's sessions.
    pub activity: Vec<ActivityRow>,
    /// P for the period.
    pub participants: Vec<ParticipantRow>,
    /// Consented stories of the period.
    pub stories: Vec<Story>,
    /// The narrative.
    pub narrative: Narrative,
    /// Budget and spend of the periods so far.
    pub finances: Vec<Finance>,
    /// Submitted figures that have changed since.
    pub changes: Vec<Change>,
    /// Evidence files of the period.
    pub evidence: Vec<EvidenceEntry>,
    /// The agreement's milestones, with their notes.
    pub milestones: Vec<Milestone>,
    /// Who approved the return, if anyone has.
    pub approval: Option<Approval>,
    /// Other income that supported the work, in the periods so far.
    pub other_income: Vec<OtherIncome>,
    /// Other agreements paying for this return's programmes in the period.
    pub also_funded: Vec<AlsoFunded>,
    /// For a measure with no baseline set, the period whose value stands as
    /// its baseline, by code.
    pub baselines_from: BTreeMap<String, String>,
    /// Each measure's forecast for the next period, by code (none when this
    /// is the agreement's last period).
    pub forecasts: BTreeMap<String, Forecasting>,
    /// The forecast of spend to the end, stated with this period's return.
    pub forecast: Option<Forecast>,
    /// The codes of the measures counting everyone who came in the period
    /// (P), whose people the breakdowns describe.
    pub counting_everyone: Vec<String>,
    /// The funder's own form filled in, when the agreement keeps one.
    pub funder_form: Option<filled_form::FilledForm>,
    /// The agreement's instalments, by the day expected.
    pub instalments: Vec<crate::records::Instalment>,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// The file written.
    pub path: PathBuf,
    /// The funder's own form, filled in and written beside it.
    pub form_path: Option<PathBuf>,
    /// Its SHA-256.
    pub sha256: String,
    /// Evidence files included.
    pub evidence_files: usize,
    /// Readiness checks that found something.
    pub warnings: usize,
}

/// The pack's usual file name: `<organisation>-<agreement reference>-<period id>.zip`.
pub fn default_file_name(organisation: &str, agreement: &str, period: &str, draft: bool) -> String {
    let clean = crate::files::name_part;
    // A file name may be at most 255 bytes on most disks: the organisation's
    // part gives way (at a character) to keep the whole within 200.
    let (agreement, period) = (clean(agreement), clean(period));
    // Until it is approved, the name says it is a draft.
    let draft = if draft { "-DRAFT" } else { "" };
    let room = 200usize.saturating_sub(agreement.len() + period.len() + draft.len() + 6);
    let mut organisation = clean(organisation);
    while organisation.len() > room {
        organisation.pop();
    }
    format!("{organisation}-{agreement}-{period}{draft}.zip")
}

/// The `.zip` pack of `agreement`'s `period`, in memory.
pub fn build(store: &Store, agreement: &str, period: &str, options: &Options) -> Result<Vec<u8>> {
    let contents = gather(store, agreement, period, options)?;
    zip(store, &contents, workbook::build(&contents)?)
}

/// Writes the pack for `agreement`'s `period` to `out`: a `.zip` pack, or
/// with `.xlsx` the workbook alone. An existing folder gets the usual file
/// name inside it. The file appears whole or not at all.
pub fn export(
    store: &Store,
    agreement: &str,
    period: &str,
    out: &Path,
    options: &Options,
) -> Result<Written> {
    files::folder_must_exist(out, "pack")?;
    let contents = gather(store, agreement, period, options)?;
    let out = if out.is_dir() {
        out.join(default_file_name(
            &contents.organisation.name,
            &contents.agreement.reference,
            &contents.period.id,
            contents.approval.is_none(),
        ))
    } else if contents.approval.is_none() {
        marked_draft(out)
    } else {
        out.to_path_buf()
    };
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let workbook = workbook::build(&contents)?;
    let bytes = match extension.as_deref() {
        Some("xlsx") => workbook,
        Some("zip") => zip(store, &contents, workbook)?,
        _ => {
            return Err(Error::cannot_write(
                &out,
                "the name should end in .zip (the whole pack) or .xlsx (the workbook alone)",
            ))
        }
    };
    let form_path = match &contents.funder_form {
        Some(form) => {
            let beside = form_beside(&out, &form.file_name);
            files::write_whole(&beside, "funder's form", &form.bytes)?;
            Some(beside)
        }
        None => None,
    };
    if let Err(e) = files::write_whole(&out, "pack", &bytes) {
        // Nothing partial: the form goes with the pack or not at all.
        if let Some(beside) = &form_path {
            let _ = fs::remove_file(beside);
        }
        return Err(e);
    }
    Ok(Written {
        sha256: evidence::sha256(&bytes),
        form_path,
        path: out,
        evidence_files: contents.evidence.len(),
        warnings: contents.checks.iter().filter(|c| !c.passed()).count(),
    })
}

/// A chosen file name for a return not yet approved, ending in `-DRAFT`
/// before its extension as the usual name does (`returns.xlsx` becomes
/// `returns-DRAFT.xlsx`), so that a draft is never taken for the return sent.
fn marked_draft(out: &Path) -> PathBuf {
    let stem = out.file_stem().and_then(|s| s.to_str()).unwrap_or("pack");
    if stem.to_uppercase().ends_with("-DRAFT") {
        return out.to_path_buf();
    }
    let name = match out.extension().and_then(|e| e.to_str()) {
        Some(extension) => format!("{stem}-DRAFT.{extension}"),
        None => format!("{stem}-DRAFT"),
    };
    out.with_file_name(name)
}

/// Gathers everything the pack shows.
pub fn gather(store: &Store, agreement: &str, period: &str, options: &Options) -> Result<Contents> {
    let bench = Workbench::load_with_history(store, agreement, period)?;
    let reference = &bench.agreement.reference;
    let told = told_stories(store, &bench)?;
    let (finances, other_income, also_funded) = money_so_far(store, &bench)?;
    let (mut report, mut trend) = bench.report_and_trend();
    let breakdowns = bench.breakdowns(Span::ThisPeriod);
    // No figure may give away a count Demographics hides.
    let withheld = disclosure::revealing(&bench.measures, &report, &breakdowns);
    disclosure::withhold(&withheld, &mut report, &mut trend);
    let baselines_from = fill_baselines(&mut report, &trend);
    let periods_without_sessions = trend
        .iter()
        .filter(|(p, _)| bench.held_no_session(p))
        .map(|(p, _)| p.id.clone())
        .collect();
    let forecasts = forecasts(&bench, &report, &trend);
    let approval = store.approval(reference, &bench.period.id)?;
    let changes = submission::changes_in(&store.submissions(reference)?, &trend)?;
    let counting_everyone = bench
        .measures
        .iter()
        .filter(|m| {
            m.calculation == crate::records::Calculation::Participants && m.filter.trim().is_empty()
        })
        .map(|m| m.code.clone())
        .collect();
    let participants = rows::made_safe(
        participant_rows(store, &bench)?,
        &breakdowns,
        &bench.organisation,
        breakdowns.threshold as usize,
    );
    let mut contents = Contents {
        team: team_summary(&store.team(true)?, reference, &bench.period, &bench.periods),
        safeguarding: store.safeguarding(reference, &bench.period.id)?,
        withheld,
        checks: checks::readiness(store, &bench, options.now.date())?,
        breakdowns,
        narrative: store.narrative(reference, &bench.period.id)?,
        organisation: bench.organisation.clone(),
        agreement: bench.agreement.clone(),
        period: bench.period.clone(),
        prepared_by: preparer(options, &bench.organisation, approval.as_ref())?,
        generated_at: options.now,
        laptops: crate::sync::included(store)?,
        report,
        trend,
        periods_without_sessions,
        activity: activity_rows(&bench),
        participants,
        evidence: evidence_in(store, &bench, &told.with_photos)?,
        stories: told.stories,
        finances,
        changes,
        milestones: store.milestones(reference)?,
        approval,
        other_income,
        also_funded,
        baselines_from,
        forecasts,
        forecast: store.forecast(reference, &bench.period.id)?,
        counting_everyone,
        funder_form: None,
        instalments: store.instalments(Some(reference))?,
    };
    with_funder_form(store, &mut contents)?;
    Ok(contents)
}

/// Fills the agreement's own form from the return, if it keeps one, and
/// adds the check naming each mapped cell that could not be filled.
fn with_funder_form(store: &Store, contents: &mut Contents) -> Result<()> {
    let form = match filled_form::fill(store, contents) {
        Ok(Some(form)) => form,
        Ok(None) => return Ok(()),
        // Kept on another laptop, its bytes not here yet: the pack goes
        // without it, and the check says why.
        Err(
            missing @ Error::NotFound {
                what: crate::store::FORM_FILE,
                ..
            },
        ) => {
            contents
                .checks
                .push(filled_form::check(vec![missing.to_string()]));
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    contents.checks.push(filled_form::check(form.problems()));
    contents.funder_form = Some(form);
    Ok(())
}

/// The period's sessions of the agreement's programmes, each with how many
/// came by name.
fn activity_rows(bench: &Workbench) -> Vec<ActivityRow> {
    let range = Span::ThisPeriod.range(&bench.period);
    let facts = &bench.facts;
    let programme_names: HashMap<crate::Key, &str> = facts
        .programmes
        .iter()
        .map(|(id, n)| (*id, n.as_str()))
        .collect();
    let mut named: HashMap<usize, u32> = HashMap::new();
    for &(i, _) in &facts.attendance {
        *named.entry(i).or_default() += 1;
    }
    facts
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| range.contains(s.date))
        .map(|(i, s)| ActivityRow {
            date: s.date,
            programme: programme_names
                .get(&s.programme)
                .copied()
                .unwrap_or_default()
                .to_string(),
            minutes: s.minutes,
            named: named.get(&i).copied().unwrap_or(0),
            headcount: s.headcount,
            volunteers: s.volunteers,
            volunteer_hours: s.volunteer_hours,
        })
        .collect()
}

/// Everyone who came in the period, by code, as the participant rows
/// describe them before they are made safe.
fn participant_rows(store: &Store, bench: &Workbench) -> Result<Vec<ParticipantRow>> {
    let range = Span::ThisPeriod.range(&bench.period);
    let facts = &bench.facts;
    let people = bench.with_engine(Span::ThisPeriod, |e| e.everyone(range));
    let ids: Vec<crate::Key> = people.keys().copied().collect();
    let first = store.first_attended(&bench.agreement.reference, &ids)?;
    let mut participants: Vec<ParticipantRow> = people
        .iter()
        .filter_map(|(id, sessions)| {
            let p = facts.participants.get(id)?;
            let age = p.date_of_birth.and_then(|dob| range.end.years_since(dob));
            Some(ParticipantRow {
                code: p.code.clone(),
                age_band: age
                    .and_then(|a| bench.organisation.age_band(a))
                    .unwrap_or(measures::NOT_KNOWN)
                    .to_string(),
                gender: measures::or_not_known(&p.gender),
                ethnicity: measures::or_not_known(&p.ethnicity),
                area: measures::or_not_known(&p.area),
                sessions: *sessions,
                first_attended: first.get(id).copied(),
            })
        })
        .collect();
    participants.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(participants)
}

/// The stories a pack tells, and those whose photos and letters go with them.
struct Told {
    stories: Vec<Story>,
    with_photos: Vec<i64>,
}

/// Which stories go out: those of the period, about the agreement's
/// programmes, that may be told (the story's own consent and the person's,
/// as the facts decide: `StoryFact::may_be_told`). A story's photos and
/// letters go only with the person's consent to photos.
fn told_stories(store: &Store, bench: &Workbench) -> Result<Told> {
    let range = Span::ThisPeriod.range(&bench.period);
    let programmes: Vec<String> = bench
        .agreement
        .programmes
        .iter()
        .map(|p| p.to_lowercase())
        .collect();
    let told: Vec<i64> = bench
        .facts
        .stories
        .iter()
        .filter(|s| s.may_be_told())
        .map(|s| s.id)
        .collect();
    let stories: Vec<Story> = store
        .stories()?
        .into_iter()
        .filter(|s| told.contains(&s.id) && range.contains(s.date))
        .filter(|s| {
            s.programme
                .as_ref()
                .is_some_and(|p| programmes.contains(&p.to_lowercase()))
        })
        .collect();
    let mut with_photos = Vec::new();
    for story in &stories {
        let agrees = match &story.participant {
            Some(code) => store.participant(code)?.consent.photos,
            None => true,
        };
        if agrees {
            with_photos.push(story.id);
        }
    }
    Ok(Told {
        stories,
        with_photos,
    })
}

/// Which evidence goes out: the files of the period's sessions, of the
/// stories told with their photos, and of this return itself, each under
/// a name the pack can hold.
fn evidence_in(
    store: &Store,
    bench: &Workbench,
    with_photos: &[i64],
) -> Result<Vec<EvidenceEntry>> {
    let range = Span::ThisPeriod.range(&bench.period);
    let session_refs: HashMap<&str, NaiveDate> = bench
        .facts
        .sessions
        .iter()
        .filter(|s| range.contains(s.date))
        .map(|s| (s.reference.as_str(), s.date))
        .collect();
    Ok(store
        .evidence_files()?
        .into_iter()
        .filter_map(|file| {
            let attached_to = match &file.attached_to {
                Attachment::Session { session } => {
                    let date = session_refs.get(session.as_str())?;
                    format!("session {session} ({date})")
                }
                Attachment::Story { story } if with_photos.contains(story) => {
                    format!("story {story}")
                }
                Attachment::Period { agreement, period }
                    if agreement.eq_ignore_ascii_case(&bench.agreement.reference)
                        && *period == bench.period.id =>
                {
                    format!("period {period}")
                }
                _ => return None,
            };
            let name = files::replace_unsafe(&file.file_name, ".-_ ", '_');
            Some(EvidenceEntry {
                pack_path: format!("evidence/{}-{name}", &file.sha256[..8]),
                attached_to,
                file,
            })
        })
        .collect())
}

/// The money to the period's end: finance lines and other income of the
/// periods so far, with every other agreement paying for the same work
/// (record once, report to many, and say so) as other income of this one.
fn money_so_far(
    store: &Store,
    bench: &Workbench,
) -> Result<(Vec<Finance>, Vec<OtherIncome>, Vec<AlsoFunded>)> {
    let reference = &bench.agreement.reference;
    let so_far: Vec<&str> = bench
        .periods
        .iter()
        .filter(|p| p.end <= bench.period.end)
        .map(|p| p.id.as_str())
        .collect();
    let finances = store
        .finances(reference)?
        .into_iter()
        .filter(|f| so_far.contains(&f.period.as_str()))
        .collect();
    let also_funded = also_funded(store, &bench.agreement, &bench.period)?;
    let other_income: Vec<OtherIncome> = store
        .other_income(reference)?
        .into_iter()
        .filter(|i| so_far.contains(&i.period.as_str()))
        .chain(also_funded.iter().map(|a| OtherIncome {
            agreement: reference.clone(),
            period: bench.period.id.clone(),
            source: a.as_income_source(),
            amount_pence: a.spent_pence.unwrap_or(0),
        }))
        .collect();
    Ok((finances, other_income, also_funded))
}

/// Every baseline is shown: the one set for the measure, else its value in
/// the agreement's first period with one (of those the Trend shows). The
/// measures whose baseline was taken so, with that period.
fn fill_baselines(report: &mut Report, trend: &[(Period, Report)]) -> BTreeMap<String, String> {
    let mut baselines_from = BTreeMap::new();
    for row in report.rows.iter_mut().filter(|r| r.baseline.is_none()) {
        let first = trend.iter().find_map(|(period, r)| {
            r.rows
                .iter()
                .find(|m| m.code == row.code)
                .and_then(|m| m.this_period)
                .map(|v| (period.id.clone(), v))
        });
        if let Some((period, value)) = first {
            row.baseline = Some(value);
            baselines_from.insert(row.code.clone(), period);
        }
    }
    baselines_from
}

/// Each measure's next period: its target, and where the line through its
/// last four values is heading (none after the agreement's last period).
fn forecasts(
    bench: &Workbench,
    report: &Report,
    trend: &[(Period, Report)],
) -> BTreeMap<String, Forecasting> {
    let Some(next) = bench
        .periods
        .iter()
        .skip_while(|p| p.id != bench.period.id)
        .nth(1)
    else {
        return BTreeMap::new();
    };
    report
        .rows
        .iter()
        .map(|row| {
            let values: Vec<(f64, f64)> = trend
                .iter()
                .enumerate()
                .filter_map(|(i, (_, r))| {
                    r.rows
                        .iter()
                        .find(|m| m.code == row.code)
                        .and_then(|m| m.this_period)
                        .map(|v| (i as f64, v))
                })
                .collect();
            let last_four = &values[values.len().saturating_sub(4)..];
            let target = bench
                .measures
                .iter()
                .find(|m| m.code == row.code)
                .and_then(|m| m.targets.get(&next.id).copied());
            let forecast = Forecasting {
                period: next.id.clone(),
                target,
                // A line may head below nothing (or past every one):
                // a count stops at 0, a share at 0 % and 100 %.
                heading: line_at(last_four, trend.len() as f64).map(|v| match row.unit {
                    crate::records::Unit::Percent => v.clamp(0.0, 100.0),
                    _ => v.max(0.0),
                }),
            };
            (row.code.clone(), forecast)
        })
        .collect()
}

/// Where the filled funder's form sits inside the zip.
fn form_pack_path(file_name: &str) -> String {
    format!("funder-form/{}", form_file_name(file_name))
}

/// The filled form's file name: the funder's own, made safe, as `.xlsx`.
fn form_file_name(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    format!("{}.xlsx", files::replace_unsafe(stem, ".-_ ", '_'))
}

/// The filled form written beside the pack at `out`: the pack's name, then
/// the form's own.
pub fn form_beside(out: &Path, file_name: &str) -> PathBuf {
    let stem = out.file_stem().and_then(|s| s.to_str()).unwrap_or("pack");
    out.with_file_name(format!("{stem}-{}", form_file_name(file_name)))
}

/// One file listed in the manifest.
#[derive(Serialize)]
struct ManifestFile {
    path: String,
    sha256: String,
    bytes: usize,
}

/// Whether a file's own format is compressed (a workbook, a photo, a PDF),
/// so that deflating it again would cost time and save nothing.
fn is_compressed_already(path: &str) -> bool {
    const COMPRESSED: [&str; 13] = [
        "xlsx", "docx", "pptx", "odt", "ods", "zip", "jpg", "jpeg", "png", "gif", "webp", "pdf",
        "mp4",
    ];
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| COMPRESSED.iter().any(|c| ext.eq_ignore_ascii_case(c)))
}

fn zip(store: &Store, c: &Contents, workbook: Vec<u8>) -> Result<Vec<u8>> {
    let mut files: Vec<(String, Vec<u8>)> = vec![("returns.xlsx".to_string(), workbook)];
    for e in &c.evidence {
        let path = evidence::stored_path(store, &e.file.sha256)?;
        let bytes = fs::read(&path).map_err(|err| Error::BadStoredValue {
            what: format!("evidence file {} ({})", e.file.file_name, e.attached_to),
            why: format!(
                "its copy is missing from {} ({err}); attach the file again or delete its record",
                path.display()
            ),
        })?;
        if evidence::sha256(&bytes) != e.file.sha256 {
            return Err(Error::BadStoredValue {
                what: format!("evidence file {}", e.file.file_name),
                why: "its copy has changed since it was attached; attach the file again".into(),
            });
        }
        files.push((e.pack_path.clone(), bytes));
    }
    if let Some(form) = &c.funder_form {
        files.push((form_pack_path(&form.file_name), form.bytes.clone()));
    }
    let data = serde_json::to_vec_pretty(&data::of(c))
        .map_err(|e| Error::invalid("data", e.to_string()))?;
    files.push(("data.json".to_string(), data));
    let listed: Vec<ManifestFile> = files
        .iter()
        .map(|(path, bytes)| ManifestFile {
            path: path.clone(),
            sha256: evidence::sha256(bytes),
            bytes: bytes.len(),
        })
        .collect();
    let manifest = serde_json::json!({
        "generator": format!("Evident {}", crate::VERSION),
        "organisation": c.organisation.name,
        "agreement": { "reference": c.agreement.reference, "title": c.agreement.title, "funder": c.agreement.funder },
        "period": { "id": c.period.id, "start": c.period.start, "end": c.period.end, "due": c.period.due },
        "generated_at": c.generated_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "files": listed,
        "record_counts": {
            "measures": c.report.rows.len(),
            "participants": c.participants.len(),
            "sessions": c.activity.len(),
            "named_attendances": c.activity.iter().map(|a| u64::from(a.named)).sum::<u64>(),
            "stories": c.stories.len(),
            "evidence_files": c.evidence.len(),
        },
    });
    files.push((
        "manifest.json".to_string(),
        serde_json::to_vec_pretty(&manifest)
            .map_err(|e| Error::invalid("manifest", e.to_string()))?,
    ));
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (path, bytes) in &files {
        let method = if is_compressed_already(path) {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        zip.start_file(path.as_str(), options)?;
        zip.write_all(bytes)
            .map_err(|e| Error::io("could not zip", path, e))?;
    }
    Ok(zip.finish()?.into_inner())
}
