//! Driving the real app window: a tauri-driver (and WebKitWebDriver) of the
//! test's own on free ports, the app with a data folder of its own, and a
//! WebDriver session over them. Waits are on what the page shows, never on
//! the clock alone.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tempfile::TempDir;

/// How long to wait for something the user would see.
const PATIENCE: Duration = Duration::from_secs(20);

/// The longest a window may stay open in a test (the longest test takes
/// about a minute): a WebDriver call that never answers would otherwise
/// hold the whole run until CI's own limit.
const WATCHDOG: Duration = Duration::from_secs(300);

/// One app window under test.
pub struct Window {
    pub client: Client,
    driver: Child,
    /// The app's data folder (`XDG_DATA_HOME`).
    pub data: TempDir,
    name: &'static str,
    /// The app's program, to start it again.
    program: PathBuf,
    watchdog: Watchdog,
}

/// Stops a window's driver, and the app it started, once the window has
/// been open for [`WATCHDOG`] or is dropped unclosed (a test that failed):
/// a pending WebDriver call then fails, so the test fails and says so.
struct Watchdog(std::sync::mpsc::Sender<()>);

impl Watchdog {
    fn start(name: &'static str, group: u32) -> Watchdog {
        let (stand_down, told) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::sync::mpsc::RecvTimeoutError;
            match told.recv_timeout(WATCHDOG) {
                Ok(()) => {}
                Err(RecvTimeoutError::Timeout) => {
                    eprintln!(
                        "window {name}: still open after {WATCHDOG:?}, so something stopped answering; stopping its driver and app"
                    );
                    kill_group(group);
                }
                Err(RecvTimeoutError::Disconnected) => kill_group(group),
            }
        });
        Watchdog(stand_down)
    }

    /// The window was closed as it should be.
    fn stand_down(&self) {
        let _ = self.0.send(());
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on loopback")
}

/// The database file the app keeps in `data` (as `directories` places it).
pub fn database_in(data: &Path) -> PathBuf {
    data.join("evident").join("evident.db")
}

impl Window {
    /// Opens the app on a data folder prepared by `seed` (which may set up
    /// records through the core before the app starts).
    pub async fn open(name: &'static str, seed: impl FnOnce(&Path)) -> Window {
        Window::open_program(name, Path::new(env!("CARGO_BIN_EXE_evident-app")), seed).await
    }

    /// Opens the app as `open` does, under the system language `lang`
    /// (`en_US.UTF-8`): what a volunteer's own laptop may be set to.
    pub async fn open_in_language(
        name: &'static str,
        lang: &str,
        seed: impl FnOnce(&Path),
    ) -> Window {
        let program = Path::new(env!("CARGO_BIN_EXE_evident-app"));
        Window::seeded(name, program, Some(lang), seed).await
    }

    /// Opens `program` (a Tauri app) the same way.
    pub async fn open_program(
        name: &'static str,
        program: &Path,
        seed: impl FnOnce(&Path),
    ) -> Window {
        Window::seeded(name, program, None, seed).await
    }

    async fn seeded(
        name: &'static str,
        program: &Path,
        lang: Option<&str>,
        seed: impl FnOnce(&Path),
    ) -> Window {
        let data = tempfile::tempdir().expect("a temp data folder");
        seed(&database_in(data.path()));
        Window::start_in(name, program, data, lang).await
    }

    /// Quits the app and starts it again on the same data folder, as a
    /// volunteer would the next morning.
    pub async fn restart(self) -> Window {
        let (name, program) = (self.name, self.program.clone());
        let data = self.quit().await;
        Window::start(name, &program, data).await
    }

    /// Quits the app, keeping its data folder for `Window::reopen`.
    pub async fn quit(self) -> TempDir {
        let Window {
            client,
            mut driver,
            data,
            program,
            watchdog,
            ..
        } = self;
        let _ = client.close().await;
        watchdog.stand_down();
        stop(&mut driver);
        // The app may still be closing its records: wait until it is gone.
        let started = Instant::now();
        while running(&program) && started.elapsed() < PATIENCE {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        data
    }

    /// Starts `program` on a data folder kept from an earlier window.
    pub async fn reopen(name: &'static str, program: &Path, data: TempDir) -> Window {
        Window::start(name, program, data).await
    }

    async fn start(name: &'static str, program: &Path, data: TempDir) -> Window {
        Window::start_in(name, program, data, None).await
    }

    async fn start_in(
        name: &'static str,
        program: &Path,
        data: TempDir,
        lang: Option<&str>,
    ) -> Window {
        let port = free_port();
        let native = free_port();
        let mut command =
            Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()));
        if let Some(lang) = lang {
            command
                .env("LANG", lang)
                .env("LC_ALL", lang)
                .env("LANGUAGE", lang);
        }
        let driver = command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("XDG_DATA_HOME", data.path())
            // A group of its own, so that stopping it stops the
            // WebKitWebDriver it starts as well.
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver runs (cargo xtask test installs it)");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": program }
        });
        let client = loop {
            let ready = reqwest_status(port);
            if ready {
                let caps = capabilities.as_object().cloned().unwrap_or_default();
                match ClientBuilder::native()
                    .capabilities(caps)
                    .connect(&url)
                    .await
                {
                    Ok(client) => break client,
                    Err(e) if started.elapsed() > PATIENCE => panic!("no WebDriver session: {e}"),
                    Err(_) => {}
                }
            } else if started.elapsed() > PATIENCE {
                panic!("tauri-driver did not answer on {url}/status");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        Window {
            client,
            watchdog: Watchdog::start(name, driver.id()),
            driver,
            data,
            name,
            program: program.to_path_buf(),
        }
    }

    /// The database file of this window's app.
    pub fn database(&self) -> PathBuf {
        database_in(self.data.path())
    }

    /// Answers the desktop's own open or save dialog (`dialog` is "open" or
    /// "save"), which a test cannot drive, with `path`: the window gets the
    /// path the dialog would give.
    pub async fn answer_dialog(&self, dialog: &str, path: &Path) {
        self.run(&format!(
            "window.__TAURI__.dialog.{dialog} = async () => {};",
            serde_json::json!(path)
        ))
        .await;
    }

    /// Waits until the page shows `text` somewhere, and returns the body text.
    pub async fn wait_text(&self, text: &str) -> String {
        let started = Instant::now();
        loop {
            let body = self.body_text().await;
            if body.contains(text) {
                return body;
            }
            if started.elapsed() > PATIENCE {
                self.screenshot().await;
                panic!("the window never showed {text:?}; it showed:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of the whole page.
    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css:?}: {e}"))
    }

    /// Clicks the element matching `css`, brought to the middle of the
    /// window first (an element at the window's lower edge can be taken for
    /// visible and clicked outside the page).
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.run(&format!(
            "document.querySelector({}).scrollIntoView({{ block: 'center' }});",
            json!(css)
        ))
        .await;
        element.click().await.expect("a click");
    }

    /// Clicks the link or button of the page whose text is `text`.
    pub async fn click_text(&self, text: &str) {
        self.run(&format!(
            "[...document.querySelectorAll('main a, main button, nav a, header button, dialog button')].find(e => e.textContent.trim() === {}).click();",
            serde_json::json!(text)
        ))
        .await;
    }

    /// Clears the field matching `css` and types `text` into it.
    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("a clear");
        field.send_keys(text).await.expect("typing");
    }

    /// Chooses the option whose value is `value` in the select matching `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("no option {value:?} in {css:?}: {e}"));
    }

    /// Types keys into whatever has the focus, waiting while the focus moves
    /// (a screen drawn again has, for a moment, nothing focused).
    pub async fn keys(&self, keys: &str) {
        let started = Instant::now();
        let active = loop {
            match self.client.active_element().await {
                Ok(active) => break active,
                Err(e) if started.elapsed() > PATIENCE => panic!("nothing has the focus: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        };
        active.send_keys(keys).await.expect("typing");
    }

    /// Runs `script` in the page and returns its value.
    pub async fn run(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("the script failed: {e}"))
    }

    /// Goes to a screen of the app.
    pub async fn go(&self, hash: &str) {
        self.run(&format!("location.hash = {};", json!(hash))).await;
    }

    /// Saves a screenshot of the window as `target/window-tests/NAME.png`,
    /// after a frame has passed (a screenshot can lag the page by a paint).
    pub async fn screenshot(&self) -> PathBuf {
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/window-tests");
        std::fs::create_dir_all(&folder).expect("a folder for screenshots");
        let path = folder.join(format!("{}.png", self.name));
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(&path, png).expect("the screenshot is saved");
        path
    }

    /// Ends the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        self.watchdog.stand_down();
        stop(&mut self.driver);
    }
}

/// Stops tauri-driver and everything it started (its group): killed
/// alone, it would leave its WebKitWebDriver running.
fn stop(driver: &mut Child) {
    kill_group(driver.id());
    let _ = driver.kill();
    let _ = driver.wait();
}

/// Kills every process in the group led by `leader`.
fn kill_group(leader: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{leader}")])
        .stderr(Stdio::null())
        .status();
}

/// Whether a process of `program` is running (Linux: read from /proc).
fn running(program: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|entry| {
        std::fs::read_link(entry.path().join("exe")).is_ok_and(|exe| {
            exe == program
                || exe.to_string_lossy().trim_end_matches(" (deleted)") == program.to_string_lossy()
        })
    })
}

/// Whether something answers on the port (tauri-driver's `/status`).
fn reqwest_status(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request =
        format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200")
}

/// What the database at `path` holds, as far as these tests change it: the
/// organisation, the people and the sessions.
pub fn fingerprint(path: &Path) -> String {
    let store = evident::Store::open(path, chrono::Local::now().naive_local())
        .expect("the app's database opens");
    format!(
        "{:?}\n{:?}\n{:?}",
        store.organisation(),
        store.participants(true),
        store.sessions(&Default::default())
    )
}
