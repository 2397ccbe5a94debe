//! The team (staff and volunteers, their posts and DBS checks), who ran
//! each session, and each period's safeguarding figures.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::shared::{agreement_id, agreement_period, id_of, must_be_free, session_id, Columns};
use super::Store;
use crate::error::Result;
use crate::key::Key;
use crate::records::{Safeguarding, TeamMember};

const TEAM_HINT: &str = "check the name against the team (Settings, Team)";

pub(super) fn team_member_id(conn: &Connection, name: &str) -> Result<Key> {
    id_of(conn, "team_member", "name", name, "team member", TEAM_HINT)
}

const SELECT_MEMBER: &str =
    "SELECT t.name, t.role, t.paid, t.hours_a_week, t.post, a.reference, t.post_cost_pence,
    t.dbs_checked, t.dbs_renewal, t.safeguarding_lead, t.left_date
    FROM team_member t LEFT JOIN agreement a ON a.id = t.post_agreement_id";

fn member_row(r: &Row) -> rusqlite::Result<TeamMember> {
    Ok(TeamMember {
        name: r.get(0)?,
        role: r.get(1)?,
        paid: r.get(2)?,
        hours_a_week: r.get(3)?,
        post: r.get(4)?,
        post_agreement: r.get(5)?,
        post_cost_pence: r.get(6)?,
        dbs_checked: r.get(7)?,
        dbs_renewal: r.get(8)?,
        safeguarding_lead: r.get(9)?,
        left_date: r.get(10)?,
    })
}

/// A team member's columns, as the team_member table holds them.
fn columns(member: &TeamMember, post_agreement: Option<Key>) -> Columns<'_> {
    Columns::new()
        .and("name", member.name.trim())
        .and("role", member.role.trim())
        .and("paid", member.paid)
        .and("hours_a_week", member.hours_a_week)
        .and("post", member.post.trim())
        .and("post_agreement_id", post_agreement)
        .and("post_cost_pence", member.post_cost_pence)
        .and("dbs_checked", member.dbs_checked)
        .and("dbs_renewal", member.dbs_renewal)
        .and("safeguarding_lead", member.safeguarding_lead)
        .and("left_date", member.left_date)
}

impl Store {
    /// The team, by name; those who have left only when asked.
    pub fn team(&self, include_left: bool) -> Result<Vec<TeamMember>> {
        let mut stmt = self.read().prepare(&format!(
            "{SELECT_MEMBER} WHERE ?1 OR t.left_date IS NULL ORDER BY t.name COLLATE NOCASE"
        ))?;
        let rows = stmt.query_map([include_left], member_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The member of the team called `name`.
    pub fn team_member(&self, name: &str) -> Result<TeamMember> {
        let id = team_member_id(self.read(), name)?;
        Ok(self.read().query_row(
            &format!("{SELECT_MEMBER} WHERE t.id = ?1"),
            [id],
            member_row,
        )?)
    }

    /// Adds a member of the team.
    pub fn add_team_member(&mut self, member: &TeamMember) -> Result<TeamMember> {
        member.validate()?;
        self.write(|tx| {
            must_be_free(tx, "team_member", "team member", "name", &member.name, None)?;
            let post_agreement = post_agreement(tx, member)?;
            columns(member, post_agreement).insert(tx, "team_member", Key::new())?;
            Ok(())
        })?;
        self.team_member(&member.name)
    }

    /// Replaces the member of the team now called `name`.
    pub fn update_team_member(&mut self, name: &str, member: &TeamMember) -> Result<TeamMember> {
        member.validate()?;
        self.write(|tx| {
            let id = team_member_id(tx, name)?;
            must_be_free(
                tx,
                "team_member",
                "team member",
                "name",
                &member.name,
                Some(id),
            )?;
            let post_agreement = post_agreement(tx, member)?;
            columns(member, post_agreement).update(tx, "team_member", id)?;
            Ok(())
        })?;
        self.team_member(&member.name)
    }

    /// Who ran the session `reference`, by name.
    pub fn session_team(&self, reference: &str) -> Result<Vec<String>> {
        let id = session_id(self.read(), reference)?;
        let mut stmt = self.read().prepare_cached(
            "SELECT t.name FROM session_team st JOIN team_member t ON t.id = st.team_member_id
             WHERE st.session_id = ?1 ORDER BY t.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The safeguarding figures of `agreement`'s `period`, if recorded.
    pub fn safeguarding(&self, agreement: &str, period: &str) -> Result<Option<Safeguarding>> {
        let (agreement, period) = agreement_period(self, agreement, period)?;
        Ok(self
            .read()
            .query_row(
                "SELECT concerns, referrals, incidents, allegations, policy_reviewed FROM safeguarding
                 WHERE agreement_id = ?1 AND period = ?2",
                params![agreement, period],
                |r| {
                    Ok(Safeguarding {
                        concerns: r.get(0)?,
                        referrals: r.get(1)?,
                        incidents: r.get(2)?,
                        allegations: r.get(3)?,
                        policy_reviewed: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records the safeguarding figures of `agreement`'s `period`.
    pub fn set_safeguarding(
        &mut self,
        agreement: &str,
        period: &str,
        figures: &Safeguarding,
    ) -> Result<()> {
        let (agreement, period) = agreement_period(self, agreement, period)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO safeguarding (agreement_id, period, concerns, referrals, incidents, allegations, policy_reviewed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (agreement_id, period) DO UPDATE SET concerns = excluded.concerns, referrals = excluded.referrals,
                 incidents = excluded.incidents, allegations = excluded.allegations, policy_reviewed = excluded.policy_reviewed",
                params![agreement, period, figures.concerns, figures.referrals, figures.incidents,
                    figures.allegations, figures.policy_reviewed],
            )?;
            Ok(())
        })
    }
}

/// The key of the agreement paying for a member's post, if named.
fn post_agreement(conn: &Connection, member: &TeamMember) -> Result<Option<Key>> {
    member
        .post_agreement
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|reference| agreement_id(conn, reference))
        .transpose()
}
