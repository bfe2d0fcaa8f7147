//! The door server from outside: `alumni-desk serve` as a child process, and a plain HTTP/1.1
//! client over a TCP socket (one request per connection), as a station's browser would talk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::binary;

/// A running `alumni-desk serve`; stopped with SIGTERM when dropped.
pub struct Server {
    child: Option<Child>,
    /// `127.0.0.1:PORT`.
    pub address: String,
    /// The pairing secret from the pairing address.
    pub key: String,
    /// The whole pairing address (first line of the server's output).
    pub url: String,
}

impl Server {
    /// Starts the door server for `meeting` on a free loopback port, with `secret` if given,
    /// and waits for its pairing address.
    pub fn start(db: &Path, meeting: i64, secret: Option<&str>) -> Server {
        Server::start_on(db, meeting, "127.0.0.1:0", secret)
    }

    /// As [`Server::start`], on `bind`.
    pub fn start_on(db: &Path, meeting: i64, bind: &str, secret: Option<&str>) -> Server {
        let mut command = Command::new(binary());
        command
            .arg("--db")
            .arg(db)
            .args(["serve", "--meeting", &meeting.to_string(), "--bind", bind])
            .env_remove("ALUMNI_DESK_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(secret) = secret {
            command.args(["--secret", secret]);
        }
        let mut child = command.spawn().expect("start alumni-desk serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the pairing address");
        let url = line.trim().to_owned();
        assert!(
            url.starts_with("http://"),
            "first line is not a URL: {url:?}"
        );
        let address = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .expect("host:port")
            .to_owned();
        let key = url
            .split("key=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .expect("key in the fragment")
            .to_owned();
        Server {
            child: Some(child),
            address,
            key,
            url,
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or_default()
    }

    /// Kills the server with SIGKILL (no chance to clean up) and waits for it.
    pub fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops the server with SIGTERM and returns its exit status code.
    pub fn stop(&mut self) -> Option<i32> {
        let mut child = self.child.take()?;
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        for _ in 0..200 {
            if let Ok(Some(status)) = child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        child.wait().ok().and_then(|s| s.code())
    }

    /// One request with the pairing secret.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let body = body.map(Value::to_string);
        request(
            &self.address,
            method,
            path,
            Some(&format!("Bearer {}", self.key)),
            body.as_deref(),
        )
        .expect("the server answers")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// One HTTP/1.1 request on its own connection (`Connection: close`); `authorization` is the
/// whole header value; a JSON `body` is sent with its content type. `Err` when the server
/// cannot be reached or drops the connection before answering.
pub fn request(
    address: &str,
    method: &str,
    path: &str,
    authorization: Option<&str>,
    body: Option<&str>,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    if let Some(auth) = authorization {
        head.push_str(&format!("Authorization: {auth}\r\n"));
    }
    let body = body.unwrap_or("");
    if method != "GET" {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no complete answer")
        })?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let rest = &raw[split + 4..];
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "no status"))?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Ok(Reply {
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&rest[..line_end]).into_owned();
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        let after = &rest[line_end + 2..];
        if n == 0 || after.len() < n {
            break;
        }
        out.extend_from_slice(&after[..n]);
        rest = after[n..].strip_prefix(b"\r\n").unwrap_or(&after[n..]);
    }
    out
}
