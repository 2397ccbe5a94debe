//! The name of every command the shell offers the UI: the build grants a
//! permission for each, the capability allows each, and a test checks that
//! the handler, this list and the capability agree.

/// Every app command, by name.
pub const ALL: &[&str] = &[
    "status",
    "set_up",
    "open_sample",
    "leave_sample",
    "next_returns",
    "programmes",
    "add_programme",
    "reference_lists",
    "participants",
    "participant_profile",
    "add_participant",
    "edit_participant",
    "archive_participant",
    "register_sheet",
    "save_register",
    "outcomes",
    "log_entries",
    "add_log_entry",
    "indicators",
    "add_assessment",
    "stories",
    "add_story",
    "edit_story",
    "attach_to_story",
    "evidence_files",
];
