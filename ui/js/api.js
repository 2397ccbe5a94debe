// The only file that talks to the shell. Each function is one command; a
// refusal arrives as the core's error: { kind, message, field?, problems? }.

const invoke = (command, args = {}) => window.__TAURI__.core.invoke(command, args);

export const api = {
  status: () => invoke("status"),
  setUp: (form) => invoke("set_up", { form }),
  openSample: () => invoke("open_sample"),
  leaveSample: () => invoke("leave_sample"),
  nextReturns: () => invoke("next_returns"),
  programmes: () => invoke("programmes"),
  addProgramme: (form) => invoke("add_programme", { form }),
  referenceLists: () => invoke("reference_lists"),
  participants: (archived = false, programme = null) => invoke("participants", { archived, programme }),
  participantProfile: (code) => invoke("participant_profile", { code }),
  addParticipant: (form) => invoke("add_participant", { form }),
  editParticipant: (code, form) => invoke("edit_participant", { code, form }),
  archiveParticipant: (code, archived) => invoke("archive_participant", { code, archived }),
  registerSheet: (programme, date) => invoke("register_sheet", { programme, date }),
  saveRegister: (reference, form) => invoke("save_register", { reference, form }),
  outcomes: () => invoke("outcomes"),
  logEntries: (query = {}) => invoke("log_entries", { query }),
  addLogEntry: (form) => invoke("add_log_entry", { form }),
  indicators: () => invoke("indicators"),
  addAssessment: (form) => invoke("add_assessment", { form }),
  stories: () => invoke("stories"),
  addStory: (form) => invoke("add_story", { form }),
  editStory: (id, form) => invoke("edit_story", { id, form }),
  attachToStory: (story, path) => invoke("attach_to_story", { story, path }),
  evidenceFiles: () => invoke("evidence_files"),
  // The open dialog (the dialog plugin): a file's path, or null if cancelled.
  chooseFile: (title) => window.__TAURI__.dialog.open({ title, multiple: false, directory: false }),
};
