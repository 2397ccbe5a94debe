//! Records edited from text, as a form or a command line types them. Each
//! record has one form: a plain struct of text fields that a window can send
//! as it is (it derives `Deserialize`) and the command line fills from its
//! arguments. A field left out (`None`) keeps the record's value on edit and
//! takes the default on add; an empty text clears an optional field. Each
//! form's `add` and `edit` hold that record's rules for what is required and
//! what a value defaults to, so every caller gets the same ones.

mod funding;
mod measures;
mod organisation;
mod outcomes;
mod participants;
mod payments;
mod returns;
mod sessions;
mod team;

pub use funding::{AgreementForm, FunderForm, ProgrammeForm};
pub use measures::{save_targets, ManualValueForm, MeasureForm, TargetCell, TargetForm};
pub use organisation::OrganisationForm;
pub use outcomes::{
    AssessmentForm, FeedbackTieForm, IndicatorForm, LogEntryForm, OutcomeForm, StoryForm,
};
pub use participants::ParticipantForm;
pub use payments::{set_cash_in_hand, AcceptanceForm, InstalmentForm, ReceivedForm};
pub use returns::{
    ApprovalForm, CurveForm, FinanceForm, FinanceLinesForm, ForecastForm, IncomeForm,
    MilestoneForm, NarrativeForm,
};
pub use sessions::SessionForm;
pub use team::{SafeguardingForm, TeamMemberForm};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::parse;

/// One typed field: `None` when the form leaves it out.
pub type Field = Option<String>;

/// The text of a field that must be filled in, or an [`Error::Invalid`]
/// naming it. Used on add, where a required field cannot be left out.
fn required<'a>(field: &str, value: &'a Field) -> Result<&'a str> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(Error::invalid(field, "is required; fill it in")),
    }
}

/// Whether the text is empty once trimmed: an empty optional field is cleared.
fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

fn text(target: &mut String, value: Field) {
    if let Some(v) = value {
        *target = v;
    }
}

fn optional_text(target: &mut Option<String>, value: Field) {
    if let Some(v) = value {
        *target = Some(v).filter(|v| !blank(v));
    }
}

fn date(field: &str, target: &mut NaiveDate, value: Field) -> Result<()> {
    if let Some(v) = value {
        *target = parse::date(field, &v)?;
    }
    Ok(())
}

fn optional_date(field: &str, target: &mut Option<NaiveDate>, value: Field) -> Result<()> {
    if let Some(v) = value {
        *target = parse::optional_date(field, &v)?;
    }
    Ok(())
}

fn yes_no(field: &str, target: &mut bool, value: Field) -> Result<()> {
    if let Some(v) = value {
        *target = parse::yes_no(field, &v)?;
    }
    Ok(())
}

fn optional_yes_no(field: &str, target: &mut Option<bool>, value: Field) -> Result<()> {
    if let Some(v) = value {
        *target = parse::optional_yes_no(field, &v)?;
    }
    Ok(())
}

fn count(field: &str, target: &mut u32, value: Field) -> Result<()> {
    if let Some(v) = value {
        *target = parse::count(field, &v)?;
    }
    Ok(())
}

fn optional_count(field: &str, target: &mut Option<u32>, value: Field) -> Result<()> {
    if let Some(v) = value {
        *target = optional(&v, |t| parse::count(field, t))?;
    }
    Ok(())
}

fn number(field: &str, target: &mut f64, value: Field) -> Result<()> {
    if let Some(v) = value {
        *target = parse::number(field, &v)?;
    }
    Ok(())
}

fn optional_number(field: &str, target: &mut Option<f64>, value: Field) -> Result<()> {
    if let Some(v) = value {
        *target = optional(&v, |t| parse::number(field, t))?;
    }
    Ok(())
}

/// A fixed word (kind, frequency, …) read with its enum's `parse`.
fn word<T>(
    field: &str,
    target: &mut T,
    value: Field,
    parse: fn(&str, &str) -> Result<T>,
) -> Result<()> {
    if let Some(v) = value {
        *target = parse(field, &v)?;
    }
    Ok(())
}

/// An optional fixed word: empty text clears it.
fn optional_word<T>(
    field: &str,
    target: &mut Option<T>,
    value: Field,
    parse: fn(&str, &str) -> Result<T>,
) -> Result<()> {
    if let Some(v) = value {
        *target = optional(&v, |t| parse(field, t))?;
    }
    Ok(())
}

/// A `;`-separated list; the whole list is replaced.
fn list(target: &mut Vec<String>, value: Field) {
    if let Some(v) = value {
        *target = parse::list(&v);
    }
}

/// `None` for empty text, else the value `read` makes of it.
fn optional<T>(text: &str, read: impl FnOnce(&str) -> Result<T>) -> Result<Option<T>> {
    if blank(text) {
        Ok(None)
    } else {
        read(text).map(Some)
    }
}
