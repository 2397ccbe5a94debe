//! The app's cold start to its first interactive screen, and its memory
//! (the proportional resident size of the app and its web processes) once
//! that screen shows, each as a ratio to a bare Tauri window with an empty page measured
//! in the same run (`examples/bare-window.rs`); then, on the large demo, the
//! Returns screen from the click to its measures shown, as a ratio to the
//! core computing the same report in the same run, and the memory then.
//! Run by `cargo xtask
//! bench`, which starts a virtual display and tauri-driver's prerequisites.

#[path = "../tests/window/driver.rs"]
#[allow(dead_code)]
mod driver;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use driver::Window;

/// Runs of each program; the median is reported.
const RUNS: usize = 7;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let bare = PathBuf::from(std::env::var("BARE_WINDOW").expect(
        "BARE_WINDOW names the bare window (cargo xtask bench builds examples/bare-window)",
    ));
    let app = PathBuf::from(env!("CARGO_BIN_EXE_evident-app"));
    let mut times = [Vec::new(), Vec::new()];
    let mut memory = [Vec::new(), Vec::new()];
    for _ in 0..RUNS {
        for (i, program) in [&bare, &app].into_iter().enumerate() {
            let (time, rss) = start_once(program, i == 1).await;
            times[i].push(time);
            memory[i].push(rss);
        }
    }
    let [bare_time, app_time] = times.map(median);
    let [bare_memory, app_memory] = memory.map(median_memory);
    let (bare_rss, app_rss) = (bare_memory.total, app_memory.total);
    println!("median of {RUNS} cold starts under tauri-driver, to the first interactive screen:");
    println!(
        "  bare window (empty page)  {:>7.0} ms  {:>6.1} MB",
        bare_time * 1000.0,
        bare_rss / 1e6
    );
    println!(
        "  Evident (first run)       {:>7.0} ms  {:>6.1} MB",
        app_time * 1000.0,
        app_rss / 1e6
    );
    println!(
        "  of which shared libraries' code and data: bare {:.1} MB, Evident {:.1} MB",
        bare_memory.libraries / 1e6,
        app_memory.libraries / 1e6
    );
    println!(
        "  Evident / bare: start {:.2}x (target < 1 s and at most 1.3x: {}), memory {:.2}x",
        app_time / bare_time,
        if app_time < 1.0 && app_time / bare_time <= 1.3 {
            "met"
        } else {
            "NOT met"
        },
        app_rss / bare_rss
    );
    returns_screen(&app).await;
}

/// The Returns screen of one period of the large demo: from the click to
/// its measures shown, against the core's report of the same period.
async fn returns_screen(app: &Path) {
    const AGREEMENT: &str = evident::demo::COUNCIL_CONTRACT;
    const PERIOD: &str = "2025-26 Q4";
    let large = PathBuf::from(
        std::env::var_os("EVIDENT_BENCH_DATA")
            .expect("EVIDENT_BENCH_DATA names the demo databases (cargo xtask bench builds them)"),
    )
    .join("large.db");
    let now = chrono::Local::now().naive_local();
    let store = evident::Store::open(&large, now).expect("the large demo opens");
    let core: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(
                evident::measures::report(&store, AGREEMENT, PERIOD).expect("the report"),
            );
            started.elapsed().as_secs_f64()
        })
        .collect();
    let (mut screen, mut memory) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let window = Window::open_program("returns-screen", app, |db| {
            std::fs::create_dir_all(db.parent().expect("a folder")).expect("the data folder");
            std::fs::copy(&large, db).expect("the large demo copied");
        })
        .await;
        window.wait_text("This week").await;
        let ms = window
            .client
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1];
                     const started = performance.now();
                     location.hash = '#/returns/{AGREEMENT}/2025-26%20Q4';
                     const shown = () => document.querySelector('table.measures')
                         ? done(performance.now() - started) : requestAnimationFrame(shown);
                     shown();"
                ),
                vec![],
            )
            .await
            .expect("the Returns screen shows");
        screen.push(ms.as_f64().expect("milliseconds") / 1000.0);
        memory.push(resident_bytes(app));
        window.close().await;
    }
    let core = median(core);
    let screen = median(screen);
    let memory = median_memory(memory);
    println!("median of {RUNS} runs on the large demo, {AGREEMENT} {PERIOD}:");
    println!(
        "  the core's report              {:>7.1} ms  1.00x",
        core * 1000.0
    );
    println!(
        "  Returns screen, click to shown {:>7.1} ms  {:.2}x  (target < 300 ms: {})",
        screen * 1000.0,
        screen / core,
        if screen < 0.3 { "met" } else { "NOT met" }
    );
    println!(
        "  memory with the Returns screen shown {:>6.1} MB  (target < 150 MB: {}), of which shared libraries {:.1} MB",
        memory.total / 1e6,
        if memory.total < 150e6 { "met" } else { "NOT met" },
        memory.libraries / 1e6
    );
}

/// Starts `program` with a fresh data folder, waits until its first screen
/// can be used, and measures the time and the resident memory then.
async fn start_once(program: &Path, is_evident: bool) -> (f64, Memory) {
    let started = Instant::now();
    let window = Window::open_program("startup", program, |_| {}).await;
    if is_evident {
        window.wait_text("Welcome to Evident").await;
    } else {
        while window.run("return document.readyState;").await != "complete" {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rss = resident_bytes(program);
    window.close().await;
    (elapsed, rss)
}

/// The memory of every process running `program`, with all of their
/// descendants (WebKit's web and network processes).
fn resident_bytes(program: &Path) -> Memory {
    let program = std::fs::canonicalize(program).unwrap_or_else(|_| program.to_path_buf());
    let processes: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
                .filter_map(|pid| Some((pid, parent_of(pid)?)))
                .collect()
        })
        .unwrap_or_default();
    let mut tree: Vec<u32> = processes
        .iter()
        .map(|(pid, _)| *pid)
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == program)
        })
        .collect();
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            processes
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    tree.iter()
        .map(|pid| rss_of(*pid))
        .fold(Memory::default(), |a, b| a + b)
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// A process's proportional share of the memory it has resident (its own
/// pages, and its share of pages it shares with others such as libraries),
/// so that a tree of processes is not counted twice; and of that, how much
/// is the code and data of shared libraries (WebKitGTK, GTK, Mesa), which
/// any WebKitGTK window carries.
fn rss_of(pid: u32) -> Memory {
    let mut memory = Memory::default();
    let Ok(smaps) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else {
        return memory;
    };
    let mut in_library = false;
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("Pss:") => {
                let kb: f64 = words.next().and_then(|n| n.parse().ok()).unwrap_or(0.0);
                memory.total += kb * 1024.0;
                if in_library {
                    memory.libraries += kb * 1024.0;
                }
            }
            // A mapping's first line: its address range, then permissions,
            // offset, device, inode and (for a file) its path.
            Some(first) if first.contains('-') && !first.ends_with(':') => {
                in_library = line
                    .split_whitespace()
                    .nth(5)
                    .is_some_and(|path| path.contains(".so") && !path.contains("evident"));
            }
            _ => {}
        }
    }
    memory
}

/// Resident memory, in bytes: all of it, and the shared libraries' part.
#[derive(Default, Clone, Copy)]
struct Memory {
    total: f64,
    libraries: f64,
}

impl std::ops::Add for Memory {
    type Output = Memory;
    fn add(self, other: Memory) -> Memory {
        Memory {
            total: self.total + other.total,
            libraries: self.libraries + other.libraries,
        }
    }
}

/// The run with the median total, whole.
fn median_memory(mut values: Vec<Memory>) -> Memory {
    values.sort_by(|a, b| a.total.total_cmp(&b.total));
    values[values.len() / 2]
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
