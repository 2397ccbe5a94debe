//! The commands of the team: staff and volunteers with their posts and DBS
//! checks, the checks to renew, and a period's safeguarding figures.

use evident::forms::{SafeguardingForm, TeamMemberForm};
use evident::overview::{self, DbsDue};
use evident::records::{Safeguarding, TeamMember};
use evident::Result;
use tauri::State;

use super::now;
use crate::state::AppState;

/// The team, by name; those who have left only when asked.
#[tauri::command(async)]
pub fn team(state: State<'_, AppState>, include_left: bool) -> Result<Vec<TeamMember>> {
    state.with(|s| s.team(include_left))
}

/// Adds a member of staff or a volunteer.
#[tauri::command(async)]
pub fn add_team_member(state: State<'_, AppState>, form: TeamMemberForm) -> Result<TeamMember> {
    state.with(|s| form.add_to(s))
}

/// Changes the member of the team now called `name`.
#[tauri::command(async)]
pub fn edit_team_member(
    state: State<'_, AppState>,
    name: String,
    form: TeamMemberForm,
) -> Result<TeamMember> {
    state.with(|s| form.edit(s, &name))
}

/// The DBS checks to renew soon, for the home screen.
#[tauri::command(async)]
pub fn dbs_due(state: State<'_, AppState>) -> Result<Vec<DbsDue>> {
    state.with(|s| overview::dbs_due(s, now().date()))
}

/// Records a period's safeguarding figures.
#[tauri::command(async)]
pub fn save_safeguarding(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    form: SafeguardingForm,
) -> Result<Safeguarding> {
    state.with(|s| form.save(s, &agreement, &period))
}
