//! The hybrid logical clock every synced write is stamped with: wall time,
//! a counter, and the laptop, so that any two writes from any laptops have
//! one order, and a laptop whose clock is behind still stamps its writes
//! after those it has received.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// How far ahead of this laptop's own clock a received stamp may be before
/// the laptop that made it is said to have the wrong date. Its changes are
/// applied all the same: the order of stamps, not a wall clock, decides.
pub const MAX_AHEAD_MILLIS: u64 = 24 * 60 * 60 * 1000;

/// The highest counter a stamp's text holds (five digits).
const MAX_COUNTER: u32 = 99_999;

/// One reading of the clock. Ordered by time, then counter, then laptop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// Milliseconds since 1970, by the wall clock (or later, see `Clock`).
    pub millis: u64,
    /// Counts writes within one millisecond.
    pub counter: u32,
    /// The laptop that made the write.
    pub laptop: Uuid,
}

impl Ord for Stamp {
    fn cmp(&self, other: &Stamp) -> Ordering {
        (self.millis, self.counter, self.laptop).cmp(&(other.millis, other.counter, other.laptop))
    }
}

impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Stamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Written as fixed-width text whose order is the stamps' order, so that
/// SQLite compares stamps as text: `1764146400000-00000-<laptop's key>`
/// (milliseconds in 13 digits last until the year 2286).
impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:013}-{:05}-{}",
            self.millis,
            self.counter,
            crate::key::Key::from(self.laptop)
        )
    }
}

impl FromStr for Stamp {
    type Err = String;

    fn from_str(text: &str) -> Result<Stamp, String> {
        let bad = || format!("{text:?} is not a clock reading");
        let mut parts = text.splitn(3, '-');
        let (Some(millis), Some(counter), Some(laptop)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if millis.len() != 13 || counter.len() != 5 {
            return Err(bad());
        }
        Ok(Stamp {
            millis: millis.parse().map_err(|_| bad())?,
            counter: counter.parse().map_err(|_| bad())?,
            laptop: laptop.parse::<crate::key::Key>().map_err(|_| bad())?.uuid(),
        })
    }
}

/// A laptop's clock: the latest stamp it has made or received.
#[derive(Debug, Clone)]
pub struct Clock {
    latest: Stamp,
}

impl Clock {
    /// The clock of `laptop`, which has made or received `latest` (or
    /// nothing yet: `None`).
    pub fn new(laptop: Uuid, latest: Option<Stamp>) -> Clock {
        Clock {
            latest: Stamp {
                laptop,
                ..latest.unwrap_or(Stamp {
                    millis: 0,
                    counter: 0,
                    laptop,
                })
            },
        }
    }

    /// The latest stamp made or received.
    pub fn latest(&self) -> Stamp {
        self.latest
    }

    /// The stamp of a write made now (`now_millis` by the wall clock):
    /// later than every stamp made or received before, even if the wall
    /// clock has gone back.
    pub fn tick(&mut self, now_millis: u64) -> Stamp {
        let laptop = self.latest.laptop;
        self.latest = if now_millis > self.latest.millis {
            Stamp {
                millis: now_millis,
                counter: 0,
                laptop,
            }
        } else if self.latest.counter < MAX_COUNTER {
            Stamp {
                counter: self.latest.counter + 1,
                ..self.latest
            }
        } else {
            // The counter's five digits are full: the next millisecond.
            Stamp {
                millis: self.latest.millis + 1,
                counter: 0,
                laptop,
            }
        };
        self.latest
    }

    /// Takes in a stamp received from another laptop, so that the writes
    /// made here afterwards are stamped after it. A stamp more than
    /// [`MAX_AHEAD_MILLIS`] ahead of the wall clock is taken in all the
    /// same, and said: that laptop's date is wrong.
    pub fn receive(&mut self, received: Stamp, now_millis: u64) -> Option<Ahead> {
        let ahead =
            (received.millis > now_millis.saturating_add(MAX_AHEAD_MILLIS)).then(|| Ahead {
                millis: received.millis - now_millis,
            });
        if (received.millis, received.counter) > (self.latest.millis, self.latest.counter) {
            self.latest = Stamp {
                laptop: self.latest.laptop,
                ..received
            };
        }
        ahead
    }
}

/// A stamp from a laptop whose clock is ahead of this one's by `millis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ahead {
    /// By how much.
    pub millis: u64,
}

impl fmt::Display for Ahead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hours = self.millis / 3_600_000;
        let ahead = if hours >= 48 {
            format!("{} days", (self.millis + 43_200_000) / 86_400_000)
        } else {
            format!("{hours} hours")
        };
        write!(
            f,
            "its clock was {ahead} ahead of this laptop's when it wrote its changes; they are applied in the order they were made, but set the right date and time on the laptop that is wrong"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laptop(n: u8) -> Uuid {
        Uuid::from_bytes([n; 16])
    }

    #[test]
    fn a_clock_never_goes_back_even_when_the_wall_clock_does() {
        let mut clock = Clock::new(laptop(1), None);
        let a = clock.tick(1_000);
        let b = clock.tick(1_000);
        let c = clock.tick(900);
        let d = clock.tick(2_000);
        assert!(a < b && b < c && c < d, "{a} {b} {c} {d}");
        assert_eq!((c.millis, c.counter), (1_000, 2));
        assert_eq!((d.millis, d.counter), (2_000, 0));
    }

    #[test]
    fn writes_after_a_received_stamp_come_after_it() {
        let mut behind = Clock::new(laptop(1), None);
        behind.tick(1_000);
        let theirs = Stamp {
            millis: 5_000,
            counter: 3,
            laptop: laptop(2),
        };
        assert_eq!(behind.receive(theirs, 1_001), None);
        let next = behind.tick(1_002);
        assert!(next > theirs, "{next} after {theirs}");
        assert_eq!(next.laptop, laptop(1), "still this laptop's stamp");
    }

    #[test]
    fn a_stamp_from_a_laptop_days_ahead_is_taken_in_and_said() {
        let mut clock = Clock::new(laptop(1), None);
        let wrong = Stamp {
            millis: 10 * MAX_AHEAD_MILLIS,
            counter: 0,
            laptop: laptop(2),
        };
        let said = clock.receive(wrong, MAX_AHEAD_MILLIS).unwrap();
        assert!(said.to_string().contains("9 days ahead"), "{said}");
        assert_eq!(clock.latest().millis, wrong.millis, "taken in");
        assert!(
            clock.tick(MAX_AHEAD_MILLIS) > wrong,
            "later writes come after it"
        );
    }

    #[test]
    fn stamps_as_text_sort_as_stamps_and_read_back() {
        let mut stamps = vec![
            Stamp {
                millis: 10,
                counter: 2,
                laptop: laptop(1),
            },
            Stamp {
                millis: 9,
                counter: 99,
                laptop: laptop(3),
            },
            Stamp {
                millis: 10,
                counter: 2,
                laptop: laptop(2),
            },
            Stamp {
                millis: 1_764_146_400_000,
                counter: 0,
                laptop: laptop(1),
            },
        ];
        let mut texts: Vec<String> = stamps.iter().map(Stamp::to_string).collect();
        stamps.sort();
        texts.sort();
        let read: Vec<Stamp> = texts.iter().map(|t| t.parse().unwrap()).collect();
        assert_eq!(read, stamps);
        assert!("10-2-x".parse::<Stamp>().is_err());
    }
}
