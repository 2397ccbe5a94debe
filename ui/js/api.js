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
  agreements: (archived = false) => invoke("agreements", { archived }),
  periodReturn: (agreement, period) => invoke("period_return", { agreement, period }),
  explainMeasure: (agreement, period, code, yearToDate) =>
    invoke("explain_measure", { agreement, period, code, yearToDate }),
  saveNarrative: (agreement, period, form) => invoke("save_narrative", { agreement, period, form }),
  saveCurve: (agreement, period, code, form) => invoke("save_curve", { agreement, period, code, form }),
  saveManualValue: (agreement, period, code, form) =>
    invoke("save_manual_value", { agreement, period, code, form }),
  saveFinance: (agreement, period, form) => invoke("save_finance", { agreement, period, form }),
  saveIncome: (agreement, period, form) => invoke("save_income", { agreement, period, form }),
  saveForecast: (agreement, period, form) => invoke("save_forecast", { agreement, period, form }),
  editMilestone: (agreement, title, form) => invoke("edit_milestone", { agreement, title, form }),
  saveMilestoneNote: (agreement, period, title, text) =>
    invoke("save_milestone_note", { agreement, period, title, text }),
  approveReturn: (agreement, period, form) => invoke("approve_return", { agreement, period, form }),
  exportPack: (agreement, period, path) => invoke("export_pack", { agreement, period, path }),
  submitReturn: (agreement, period, path) => invoke("submit_return", { agreement, period, path }),
  showInFolder: (path) => invoke("show_in_folder", { path }),
  agreement: (reference) => invoke("agreement", { reference }),
  addAgreement: (form) => invoke("add_agreement", { form }),
  editAgreement: (reference, form) => invoke("edit_agreement", { reference, form }),
  archiveAgreement: (reference, archived) => invoke("archive_agreement", { reference, archived }),
  frameworkExamples: () => invoke("framework_examples"),
  importFramework: (path, dryRun) => invoke("import_framework", { path, dryRun }),
  importFrameworkExample: (name, dryRun) => invoke("import_framework_example", { name, dryRun }),
  exportFramework: (reference, path) => invoke("export_framework", { reference, path }),
  // The open dialog (the dialog plugin): a file's path, or null if cancelled.
  chooseFile: (title, filters) => window.__TAURI__.dialog.open({ title, multiple: false, directory: false, filters }),
  // The save dialog: the path to write, or null if cancelled.
  chooseSaveFile: (title, defaultPath, filters) => window.__TAURI__.dialog.save({ title, defaultPath, filters }),
};
