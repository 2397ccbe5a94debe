//! The team (staff and volunteers, their posts and DBS checks), who ran
//! each session, and each period's safeguarding figures.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::shared::{agreement_id, agreement_period, id_of, must_be_free, session_id};
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
            tx.execute(
                "INSERT INTO team_member (id, name, role, paid, hours_a_week, post, post_agreement_id, post_cost_pence,
                 dbs_checked, dbs_renewal, safeguarding_lead, left_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![Key::new(), member.name.trim(), member.role.trim(), member.paid, member.hours_a_week,
                    member.post.trim(), post_agreement, member.post_cost_pence, member.dbs_checked,
                    member.dbs_renewal, member.safeguarding_lead, member.left_date],
            )?;
            Ok(())
        })?;
        self.team_member(&member.name)
    }

    /// Replaces the member of the team now called `name`.
    pub fn update_team_member(&mut self, name: &str, member: &TeamMember) -> Result<TeamMember> {
        member.validate()?;
        self.write(|tx| {
            let id = team_member_id(tx, name)?;
            must_be_free(tx, "team_member", "team member", "name", &member.name, Some(id))?;
            let post_agreement = post_agreement(tx, member)?;
            tx.execute(
                "UPDATE team_member SET name = ?2, role = ?3, paid = ?4, hours_a_week = ?5, post = ?6, post_agreement_id = ?7,
                 post_cost_pence = ?8, dbs_checked = ?9, dbs_renewal = ?10, safeguarding_lead = ?11, left_date = ?12 WHERE id = ?1",
                params![id, member.name.trim(), member.role.trim(), member.paid, member.hours_a_week,
                    member.post.trim(), post_agreement, member.post_cost_pence, member.dbs_checked,
                    member.dbs_renewal, member.safeguarding_lead, member.left_date],
            )?;
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
