//! Driving the real window: tauri-driver (with WebKitWebDriver) on free local ports, the app
//! started by it on a chosen database, and a fantoccini client.
//!
//! Needs an X display (make test runs everything under xvfb-run) and `tauri-driver` on PATH or
//! in ~/.cargo/bin (make installs it).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// A running tauri-driver; stopped with SIGTERM on drop, so WebKitWebDriver stops with it.
pub struct Driver {
    child: Child,
    port: u16,
    _home: tempfile::TempDir,
}

/// A free local TCP port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn tauri_driver() -> PathBuf {
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|c| c.join("bin").join("tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

impl Driver {
    /// Starts tauri-driver; the app it launches opens `db`, with a private home folder so
    /// nothing (the UI language, WebKit's storage) carries over between tests.
    pub fn start(db: &Path) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the window tests need an X display: run them under xvfb-run (make test does)"
        );
        let home = tempfile::tempdir().expect("home");
        for dir in ["data", "config", "cache"] {
            std::fs::create_dir_all(home.path().join(dir)).expect("xdg folder");
        }
        let port = free_port();
        let native_port = free_port();
        let child = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("ALUMNI_DESK_DB", db)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("GSETTINGS_BACKEND", "memory")
            .env("MESA_SHADER_CACHE_DISABLE", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver --locked; make test does)");
        let driver = Driver {
            child,
            port,
            _home: home,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    /// A WebDriver session on the app.
    pub async fn session(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".to_owned(),
            json!({ "application": crate::binary() }),
        );
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session on the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver and the app too.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the element's text equals `expected`, and returns it.
pub async fn wait_for_text(client: &Client, css: &str, expected: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = match client.find(Locator::Css(css)).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text == expected || Instant::now() > deadline {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for an element to exist, up to 20 seconds.
pub async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

/// The text of the element matching `css`; panics naming the selector if there is none. A
/// page that re-renders between finding the element and reading it (a live count, a list
/// refreshed by an event) leaves a stale reference: the element is found again, a few times.
pub async fn text_of(client: &Client, css: &str) -> String {
    let mut attempts = 0;
    loop {
        let element = client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        match element.text().await {
            Ok(text) => return text,
            Err(_) if attempts < 5 => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{css}: text: {e}"),
        }
    }
}

/// Clicks the element matching `css`; panics naming the selector if there is none.
pub async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Waits up to 30 seconds until some element matching `css` contains `needle`; returns that
/// element's text, or the last text seen (which then lacks `needle`).
pub async fn wait_for_contains(client: &Client, css: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = String::new();
    loop {
        if let Ok(found) = client.find_all(Locator::Css(css)).await {
            for el in found {
                last = el.text().await.unwrap_or_default();
                if last.contains(needle) {
                    return last;
                }
            }
        }
        if Instant::now() > deadline {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// A running chromedriver driving Debian's Chromium headless, for the door station's page: a
/// station is an ordinary browser. Stopped on drop.
pub struct Chrome {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
}

impl Chrome {
    /// Starts chromedriver (Debian's `chromium-driver`, installed by make) on a free port.
    pub fn start() -> Chrome {
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "start chromedriver (apt-get install chromium chromium-driver; make test does)",
            );
        let chrome = Chrome {
            child,
            port,
            profile: tempfile::tempdir().expect("profile"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        chrome
    }

    /// A headless Chromium session with a fresh profile, its window `width` × `height`.
    pub async fn session(&self, width: u32, height: u32) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--lang=zh-CN",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", self.profile.path().display()),
                ],
            }),
        );
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session on Chromium")
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the element matching `css` has the attribute `name` equal to `value`.
pub async fn wait_for_attribute(client: &Client, css: &str, name: &str, value: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if let Ok(Some(found)) = element.attr(name).await {
                if found == value {
                    return;
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "{css} never had {name}={value:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Saves a screenshot as `NAME.png` into the folder named by `ALUMNI_DESK_SCREENSHOTS`, if set
/// (how the README's pictures are taken from the tests' own flows).
pub async fn screenshot_if_asked(client: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("ALUMNI_DESK_SCREENSHOTS") {
        let png = client.screenshot().await.expect("screenshot");
        std::fs::write(PathBuf::from(dir).join(format!("{name}.png")), png).expect("write png");
    }
}
