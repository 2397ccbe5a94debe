//! The forms of a member of the team and of a period's safeguarding figures.

use serde::{Deserialize, Serialize};

use super::{
    count, optional, optional_date, optional_number, optional_text, required, text, yes_no, Field,
};
use crate::error::Result;
use crate::parse;
use crate::records::{Safeguarding, TeamMember};
use crate::store::Store;

/// A member of staff or a volunteer, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TeamMemberForm {
    /// Their name (required; stays on the laptop).
    pub name: Field,
    /// What they do.
    pub role: Field,
    /// yes for paid staff, no for a volunteer (default yes).
    pub paid: Field,
    /// Hours a week.
    pub hours_a_week: Field,
    /// The funded post they fill.
    pub post: Field,
    /// The reference of the agreement paying for the post.
    pub post_agreement: Field,
    /// The post's cost a year, in pounds.
    pub post_cost: Field,
    /// When their DBS check was done.
    pub dbs_checked: Field,
    /// When it is due for renewal.
    pub dbs_renewal: Field,
    /// yes for the designated safeguarding lead.
    pub safeguarding_lead: Field,
    /// When they left.
    pub left_date: Field,
}

impl TeamMemberForm {
    /// Adds the member to the team.
    pub fn add_to(self, store: &mut Store) -> Result<TeamMember> {
        required("name", &self.name)?;
        let mut m = TeamMember {
            paid: true,
            ..TeamMember::default()
        };
        self.apply(&mut m)?;
        store.add_team_member(&m)
    }

    /// Changes the member now called `name`.
    pub fn edit(self, store: &mut Store, name: &str) -> Result<TeamMember> {
        let mut m = store.team_member(name)?;
        self.apply(&mut m)?;
        store.update_team_member(name, &m)
    }

    fn apply(self, m: &mut TeamMember) -> Result<()> {
        text(&mut m.name, self.name);
        text(&mut m.role, self.role);
        yes_no("paid", &mut m.paid, self.paid)?;
        optional_number("hours_a_week", &mut m.hours_a_week, self.hours_a_week)?;
        text(&mut m.post, self.post);
        optional_text(&mut m.post_agreement, self.post_agreement);
        if let Some(v) = self.post_cost {
            m.post_cost_pence = optional(&v, |t| parse::money("post_cost", t))?;
        }
        optional_date("dbs_checked", &mut m.dbs_checked, self.dbs_checked)?;
        optional_date("dbs_renewal", &mut m.dbs_renewal, self.dbs_renewal)?;
        yes_no(
            "safeguarding_lead",
            &mut m.safeguarding_lead,
            self.safeguarding_lead,
        )?;
        optional_date("left_date", &mut m.left_date, self.left_date)
    }
}

/// A period's safeguarding figures, as typed: counts and a date only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SafeguardingForm {
    /// Concerns raised.
    pub concerns: Field,
    /// Referrals made to children's social care.
    pub referrals: Field,
    /// Incidents.
    pub incidents: Field,
    /// Allegations against staff or volunteers.
    pub allegations: Field,
    /// When the safeguarding policy was last reviewed.
    pub policy_reviewed: Field,
}

impl SafeguardingForm {
    /// Records the figures of `agreement`'s `period`; a field left out keeps
    /// what was recorded (nothing recorded counts as 0).
    pub fn save(self, store: &mut Store, agreement: &str, period: &str) -> Result<Safeguarding> {
        let mut figures = store.safeguarding(agreement, period)?.unwrap_or_default();
        count("concerns", &mut figures.concerns, self.concerns)?;
        count("referrals", &mut figures.referrals, self.referrals)?;
        count("incidents", &mut figures.incidents, self.incidents)?;
        count("allegations", &mut figures.allegations, self.allegations)?;
        optional_date(
            "policy_reviewed",
            &mut figures.policy_reviewed,
            self.policy_reviewed,
        )?;
        store.set_safeguarding(agreement, period, &figures)?;
        Ok(figures)
    }
}
