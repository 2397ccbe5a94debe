//! Participants, their priority groups and consent.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use super::lists::{normalise, List};
use super::shared::{must_be_free, participant_id, programme_id, stored_word, Codes, Columns};
use super::Store;
use crate::error::Result;
use crate::key::Key;
use crate::records::{Consent, ConsentGivenBy, LawfulBasis, Participant};

impl Store {
    /// Adds a participant, generating the next `P0001`-style code when the
    /// code is empty. Returns the participant as stored.
    pub fn add_participant(
        &mut self,
        participant: &Participant,
        today: NaiveDate,
    ) -> Result<Participant> {
        Ok(self
            .add_participants(std::slice::from_ref(participant), today)?
            .remove(0))
    }

    /// Adds many participants in one transaction: all land, or none do.
    pub fn add_participants(
        &mut self,
        participants: &[Participant],
        today: NaiveDate,
    ) -> Result<Vec<Participant>> {
        for p in participants {
            p.validate(today)?;
        }
        self.write(|tx| {
            let mut codes = Codes::of("participant", "code", "P", 4);
            let mut added = Vec::with_capacity(participants.len());
            for participant in participants {
                let mut p = normalised(tx, participant)?;
                let id = Key::new();
                if p.code.is_empty() {
                    p.code = codes.give(tx)?;
                } else {
                    must_be_free(tx, "participant", "participant", "code", &p.code, None)?;
                }
                columns(&p).insert(tx, "participant", id)?;
                write_groups(tx, id, &p.groups)?;
                added.push(p);
            }
            Ok(added)
        })
    }

    /// Replaces the participant with code `code` with `participant`.
    pub fn update_participant(
        &mut self,
        code: &str,
        participant: &Participant,
        today: NaiveDate,
    ) -> Result<Participant> {
        participant.validate(today)?;
        self.write(|tx| {
            let id = participant_id(tx, code)?;
            let mut p = normalised(tx, participant)?;
            if p.code.is_empty() {
                p.code = code.trim().to_string();
            }
            super::privacy::refuse_giving_back(tx, id, &p)?;
            must_be_free(tx, "participant", "participant", "code", &p.code, Some(id))?;
            columns(&p).update(tx, "participant", id)?;
            write_groups(tx, id, &p.groups)?;
            Ok(p)
        })
    }

    /// The participant with code `code`.
    pub fn participant(&self, code: &str) -> Result<Participant> {
        let id = participant_id(self.read(), code)?;
        let mut p = self.read().query_row(
            &format!("{SELECT_PARTICIPANT} WHERE id = ?1"),
            [id],
            participant_row,
        )?;
        p.groups = groups_of(self.read(), id)?;
        Ok(p)
    }

    /// Every participant, by code; archived ones only when asked.
    pub fn participants(&self, include_archived: bool) -> Result<Vec<Participant>> {
        self.participants_at(None, include_archived)
    }

    /// The participants who have come to `programme` (everyone when `None`),
    /// by code; archived ones only when asked.
    pub fn participants_at(
        &self,
        programme: Option<&str>,
        include_archived: bool,
    ) -> Result<Vec<Participant>> {
        let programme = programme
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|name| programme_id(self.read(), name))
            .transpose()?;
        let mut groups = groups_by_participant(self.read())?;
        let mut stmt = self.read().prepare(&format!(
            "{SELECT_PARTICIPANT} WHERE archived <= ?1 AND (?2 IS NULL OR EXISTS
             (SELECT 1 FROM attendance a WHERE a.participant_id = participant.id AND a.programme_id = ?2))
             ORDER BY code"
        ))?;
        let rows = stmt.query_map(params![include_archived, programme], |r| {
            Ok((r.get::<_, Key>("id")?, participant_row(r)?))
        })?;
        rows.map(|row| {
            let (id, mut p) = row?;
            p.groups = groups.remove(&id).unwrap_or_default();
            Ok(p)
        })
        .collect()
    }
}

const SELECT_PARTICIPANT: &str =
    "SELECT id, code, known_as, date_of_birth, gender, ethnicity, area, disability, sen,
    referral_source, consent_date, consent_photos, consent_stories, lawful_basis, consent_given_by,
    consent_review_date, left_date, archived FROM participant";

/// A participant's columns, as the participant table holds them.
fn columns(p: &Participant) -> Columns<'_> {
    Columns::new()
        .and("code", &p.code)
        .and("known_as", &p.known_as)
        .and("date_of_birth", p.date_of_birth)
        .and("gender", &p.gender)
        .and("ethnicity", &p.ethnicity)
        .and("area", &p.area)
        .and("disability", p.disability)
        .and("sen", p.sen)
        .and("referral_source", &p.referral_source)
        .and("consent_date", p.consent.date)
        .and("consent_photos", p.consent.photos)
        .and("consent_stories", p.consent.stories)
        .and("lawful_basis", p.consent.lawful_basis.map(|b| b.as_str()))
        .and("consent_given_by", p.consent.given_by.map(|b| b.as_str()))
        .and("consent_review_date", p.consent.review_date)
        .and("left_date", p.left_date)
        .and("archived", p.archived)
}

/// The participant with lists' values in their listed spelling.
fn normalised(conn: &Connection, participant: &Participant) -> Result<Participant> {
    let mut p = participant.clone();
    p.code = p.code.trim().to_uppercase();
    p.known_as = p.known_as.trim().to_string();
    p.area = p.area.trim().to_string();
    p.referral_source = p.referral_source.trim().to_string();
    p.gender = normalise(conn, List::Gender, &p.gender)?;
    p.ethnicity = normalise(conn, List::Ethnicity, &p.ethnicity)?;
    let mut groups = Vec::new();
    for g in &p.groups {
        let g = normalise(conn, List::PriorityGroup, g)?;
        if !g.is_empty() && !groups.contains(&g) {
            groups.push(g);
        }
    }
    p.groups = groups;
    Ok(p)
}

/// Sets a participant's priority groups, touching only those that change
/// (so that the history shows what changed, not every group again).
fn write_groups(conn: &Connection, id: Key, groups: &[String]) -> Result<()> {
    let kept: Vec<String> = {
        let mut stmt = conn
            .prepare_cached("SELECT group_name FROM participant_group WHERE participant_id = ?1")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for old in kept.iter().filter(|g| !groups.contains(g)) {
        conn.execute(
            "DELETE FROM participant_group WHERE participant_id = ?1 AND group_name = ?2",
            params![id, old],
        )?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO participant_group (participant_id, group_name) VALUES (?1, ?2)",
    )?;
    for g in groups.iter().filter(|g| !kept.contains(g)) {
        stmt.execute(params![id, g])?;
    }
    Ok(())
}

/// One participant's priority groups, in the list's order.
fn groups_of(conn: &Connection, id: Key) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pg.group_name FROM participant_group pg
         LEFT JOIN list_value lv ON lv.list = 'priority_group' AND lv.value = pg.group_name
         WHERE pg.participant_id = ?1
         ORDER BY COALESCE(lv.position, 1e9), pg.group_name",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every participant's priority groups, in the list's order.
fn groups_by_participant(conn: &Connection) -> Result<HashMap<Key, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pg.participant_id, pg.group_name FROM participant_group pg
         LEFT JOIN list_value lv ON lv.list = 'priority_group' AND lv.value = pg.group_name
         ORDER BY pg.participant_id, COALESCE(lv.position, 1e9), pg.group_name",
    )?;
    let mut groups: HashMap<Key, Vec<String>> = HashMap::new();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, Key>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, group) = row?;
        groups.entry(id).or_default().push(group);
    }
    Ok(groups)
}

fn participant_row(r: &Row) -> rusqlite::Result<Participant> {
    let optional_word = |index: usize| -> rusqlite::Result<Option<String>> { r.get(index) };
    Ok(Participant {
        code: r.get("code")?,
        known_as: r.get("known_as")?,
        date_of_birth: r.get("date_of_birth")?,
        gender: r.get("gender")?,
        ethnicity: r.get("ethnicity")?,
        area: r.get("area")?,
        disability: r.get("disability")?,
        sen: r.get("sen")?,
        groups: Vec::new(),
        referral_source: r.get("referral_source")?,
        consent: Consent {
            date: r.get("consent_date")?,
            photos: r.get("consent_photos")?,
            stories: r.get("consent_stories")?,
            lawful_basis: match optional_word(13)? {
                Some(_) => Some(stored_word(r, 13, LawfulBasis::parse)?),
                None => None,
            },
            given_by: match optional_word(14)? {
                Some(_) => Some(stored_word(r, 14, ConsentGivenBy::parse)?),
                None => None,
            },
            review_date: r.get("consent_review_date")?,
        },
        left_date: r.get("left_date")?,
        archived: r.get("archived")?,
    })
}
