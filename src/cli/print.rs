//! What every command shares: the context it runs in, turning its arguments
//! into the core's form, and printing records, values and errors.

use chrono::NaiveDateTime;
use clap::Args;
use serde::de::DeserializeOwned;
use serde::Serialize;

use evident::store::Archivable;
use evident::{Error, Result, Store};

/// What a command needs from around it: the store, the clock, the output form.
pub struct Context {
    /// The open database.
    pub store: Store,
    /// The time the command started.
    pub now: NaiveDateTime,
    /// Print JSON rather than lines.
    pub json: bool,
}

/// The core's form for a record, filled from a command's arguments, whose
/// fields carry the form's own names.
pub fn form<F: DeserializeOwned>(args: &impl Serialize) -> F {
    serde_json::to_value(args)
        .and_then(serde_json::from_value)
        .expect("each command's fields are named as its form's are (tested)")
}

impl Context {
    /// Prints records as JSON, or each as one tab-separated line.
    pub fn print<T: Serialize>(&self, records: &[T], line: impl Fn(&T) -> Vec<String>) {
        if self.json {
            print_json(records);
        } else {
            for r in records {
                out!("{}", line(r).join("\t"));
            }
        }
    }

    /// Prints one record as JSON, or as `field: value` lines (nested fields
    /// as `consent.date`, lists joined with `; `).
    pub fn show<T: Serialize>(&self, record: &T) {
        let value = serde_json::to_value(record).unwrap_or_default();
        if self.json {
            print_json(&value);
        } else {
            show_fields("", &value);
        }
    }

    /// Prints a value as JSON when asked for JSON; says whether it did.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> bool {
        if self.json {
            print_json(value);
        }
        self.json
    }
}

/// Prints a value as pretty JSON.
pub fn print_json<T: Serialize + ?Sized>(value: &T) {
    out!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

fn show_fields(prefix: &str, value: &serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            for (k, v) in fields {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                match v {
                    serde_json::Value::Object(_) => show_fields(&name, v),
                    other => out!("{name}: {}", text(other)),
                }
            }
        }
        other => out!("{}", text(other)),
    }
}

fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        serde_json::Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("; "),
        serde_json::Value::Object(fields) => fields
            .values()
            .map(text)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(": "),
        other => other.to_string(),
    }
}

/// Prints an error to stderr: an import's problems one a line, then the message.
pub fn error(e: &Error) {
    for p in e.problems().unwrap_or_default() {
        eprintln!("{p}");
    }
    eprintln!("error: {e}");
}

/// A value as listings show it: up to two decimals, `n/a` when there is none.
pub fn number(value: Option<f64>) -> String {
    match value {
        None => "n/a".to_string(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.2}").trim_end_matches('0').to_string(),
    }
}

/// `yes` or `no`.
pub fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// An optional value as text, empty when there is none.
pub fn maybe<T: ToString>(v: &Option<T>) -> String {
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

/// Archives (or with `--undo`, brings back) a record.
pub fn archive(ctx: &mut Context, kind: Archivable, args: ArchiveArgs) -> Result<()> {
    ctx.store.set_archived(kind, &args.key, !args.undo)?;
    let done = if args.undo {
        "brought back"
    } else {
        "archived"
    };
    out!("{done} {}", args.key);
    Ok(())
}
