// After how long without use locked records close: the setting, kept on
// this computer.

/** Where the minutes of no use after which locked records close are kept. */
export const IDLE_KEY = "evident.lockAfterMinutes";
/** The minutes of no use after which locked records close (15 unless set). */
export const idleMinutes = () => Number(localStorage.getItem(IDLE_KEY)) || 15;
