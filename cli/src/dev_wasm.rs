//! Starting the edge's real Wasm builds for `ottedge dev --runtime viceroy|workerd`:
//! the Fastly app (`edge/fastly/pkg/ottedge-fastly.wasm`) under Viceroy, and the Cloudflare
//! worker (`edge/cloudflare/build/index.js`) under workerd through Miniflare
//! (`tests/edge/serve_workerd.mjs`). Both are built on first use by their `build.sh`.
//!
//! [`start`] writes the runtime's local configuration into a fresh temporary directory — for
//! Viceroy a `fastly.toml` with the origin backend, the Config Store `ottedge` (key `config` =
//! the edge config, plus the core's KV keys), the Secret Store and the root `fastly.toml`'s
//! loopback geolocation table; for workerd the config, secrets and KV as JSON files — and
//! returns the running child process. Killing the child stops the edge.

// `dev.rs` calls `start` once its `--runtime viceroy|workerd` hook is switched over.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, bail};

/// The runtimes this module can start.
pub const RUNTIMES: &[&str] = &["viceroy", "workerd"];

/// The root `fastly.toml`: its `[local_server.geolocation]` section (kept last there) is copied
/// into every generated manifest, so the loopback geo table has one source.
const ROOT_FASTLY_TOML: &str = include_str!("../../fastly.toml");

/// Base URLs of the backends the Wasm edge fetches from (the ad server, until it exists,
/// shares the origin's).
pub struct Backends<'a> {
    /// The packaging origin.
    pub origin: &'a str,
    /// The license service.
    pub license: &'a str,
}

/// What the edge runs with: `(name, value)` secrets and `(key, value)` KV/Config Store entries.
pub struct EdgeEnv<'a> {
    /// Platform secrets by the names the config uses (`jwt_hs256`, `url_signing_key`, …).
    pub secrets: &'a [(&'a str, &'a str)],
    /// Extra KV keys (`steering_health`, `steering_clones`).
    pub kv: &'a [(&'a str, &'a str)],
}

/// The dev stack's secrets (the same dev-only values the native host uses).
pub fn dev_secrets() -> [(&'static str, &'static str); 3] {
    [
        ("jwt_hs256", crate::dev::DEV_JWT_SECRET),
        ("url_signing_key", crate::dev::DEV_URL_KEY),
        ("license_geo_key", crate::dev::DEV_LICENSE_GEO_KEY),
    ]
}

/// Starts the edge's Wasm build for `runtime` (`viceroy` or `workerd`) on `listen`, in front of
/// `origin_url`, with `config_json` as its config and the dev secrets. Returns once the edge
/// answers on `listen`.
pub fn start(
    runtime: &str,
    listen: SocketAddr,
    config_json: &str,
    backends: &Backends<'_>,
) -> anyhow::Result<Child> {
    let secrets = dev_secrets();
    start_with(
        runtime,
        listen,
        config_json,
        backends,
        &EdgeEnv {
            secrets: &secrets,
            kv: &[],
        },
    )
}

/// [`start`] with explicit secrets and KV entries.
pub fn start_with(
    runtime: &str,
    listen: SocketAddr,
    config_json: &str,
    backends: &Backends<'_>,
    env: &EdgeEnv<'_>,
) -> anyhow::Result<Child> {
    serde_json::from_str::<serde_json::Value>(config_json).context("edge config is not JSON")?;
    let backends = Backends {
        origin: backends.origin.trim_end_matches('/'),
        license: backends.license.trim_end_matches('/'),
    };
    let dir = std::env::temp_dir().join(format!(
        "ottedge-dev-{runtime}-{}-{}",
        std::process::id(),
        listen.port()
    ));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut child = match runtime {
        "viceroy" => start_viceroy(&dir, listen, config_json, &backends, env)?,
        "workerd" => start_workerd(&dir, listen, config_json, &backends, env)?,
        other => bail!("unknown runtime {other:?}: expected one of {RUNTIMES:?}"),
    };
    if let Err(error) = wait_listening(&mut child, listen, runtime) {
        let _ = child.kill();
        let _ = child.wait();
        return Err(error);
    }
    Ok(child)
}

/// The repository root (where `fastly.toml` lives): `OTTEDGE_ROOT`, else the source checkout
/// this binary was built from, else the current directory.
fn repo_root() -> PathBuf {
    if let Some(root) = std::env::var_os("OTTEDGE_ROOT") {
        return PathBuf::from(root);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if built.join("fastly.toml").is_file() {
        return built;
    }
    PathBuf::from(".")
}

/// Runs `build.sh` of an adapter when its output is missing.
fn ensure_built(root: &Path, adapter: &str, output: &Path) -> anyhow::Result<()> {
    if output.is_file() {
        return Ok(());
    }
    let script = root.join("edge").join(adapter).join("build.sh");
    let status = Command::new(&script)
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .status()
        .with_context(|| format!("cannot run {}", script.display()))?;
    if !status.success() || !output.is_file() {
        bail!(
            "{} failed ({status}); {} missing",
            script.display(),
            output.display()
        );
    }
    Ok(())
}

/// A TOML basic string (JSON string escapes are valid TOML for these values).
fn toml_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The Viceroy manifest: backends (one `pathway_<id>` per configured pathway, for the
/// steering server's health probes), Config Store file, the (empty) KV Store `ottedge_state`
/// of the core's state, Secret Store, root geolocation table.
fn fastly_toml(
    backends: &Backends<'_>,
    config_json: &str,
    store_file: &Path,
    env: &EdgeEnv<'_>,
) -> anyhow::Result<String> {
    let geo_at = ROOT_FASTLY_TOML
        .find("[local_server.geolocation]")
        .context("the root fastly.toml has no [local_server.geolocation] section")?;
    let geo = ROOT_FASTLY_TOML.get(geo_at..).unwrap_or_default();
    let origin = toml_string(&format!("{}/", backends.origin));
    let license = toml_string(&format!("{}/", backends.license));
    let mut toml = format!(
        "manifest_version = 3\nname = \"ottedge-dev\"\nlanguage = \"rust\"\n\n[local_server]\n\n\
         [local_server.backends.origin]\nurl = {origin}\n\n\
         [local_server.backends.license]\nurl = {license}\n\n\
         [local_server.backends.ads]\nurl = {origin}\n\n\
         [local_server.config_stores.ottedge]\nformat = \"json\"\nfile = {}\n\n\
         [local_server.kv_stores]\nottedge_state = []\n\n",
        toml_string(&store_file.to_string_lossy())
    );
    // The steering server's health probes go to the backend `pathway_<id>`.
    let config: serde_json::Value = serde_json::from_str(config_json).unwrap_or_default();
    let pathways = config.get("pathways").and_then(serde_json::Value::as_array);
    for pathway in pathways.into_iter().flatten() {
        let field = |name| pathway.get(name).and_then(serde_json::Value::as_str);
        if let (Some(id), Some(base)) = (field("id"), field("base_url")) {
            toml.push_str(&format!(
                "[local_server.backends.{}]\nurl = {}\n\n",
                toml_string(&format!("pathway_{id}")),
                toml_string(&format!("{base}/"))
            ));
        }
    }
    for (key, data) in env.secrets {
        toml.push_str(&format!(
            "[[local_server.secret_stores.ottedge]]\nkey = {}\ndata = {}\n\n",
            toml_string(key),
            toml_string(data)
        ));
    }
    toml.push_str(geo);
    Ok(toml)
}

/// `{"key": "value", …}` as a JSON object.
fn json_object(pairs: &[(&str, &str)]) -> serde_json::Value {
    serde_json::Value::Object(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
            .collect(),
    )
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn start_viceroy(
    dir: &Path,
    listen: SocketAddr,
    config_json: &str,
    backends: &Backends<'_>,
    env: &EdgeEnv<'_>,
) -> anyhow::Result<Child> {
    let root = repo_root();
    let wasm = root.join("edge/fastly/pkg/ottedge-fastly.wasm");
    ensure_built(&root, "fastly", &wasm)?;
    let store_file = dir.join("config-store.json");
    let mut store = vec![("config", config_json)];
    store.extend_from_slice(env.kv);
    write(&store_file, &json_object(&store).to_string())?;
    let manifest = dir.join("fastly.toml");
    write(
        &manifest,
        &fastly_toml(backends, config_json, &store_file, env)?,
    )?;
    let viceroy = std::env::var_os("VICEROY_BIN").map_or_else(
        || {
            std::env::var_os("HOME")
                .map(|home| PathBuf::from(home).join(".cargo/bin/viceroy"))
                .filter(|path| path.is_file())
                .unwrap_or_else(|| PathBuf::from("viceroy"))
        },
        PathBuf::from,
    );
    Command::new(&viceroy)
        .arg(&wasm)
        .arg("-C")
        .arg(&manifest)
        .arg("--addr")
        .arg(listen.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| {
            format!(
                "cannot start {} (tests/edge/setup.sh installs it)",
                viceroy.display()
            )
        })
}

fn start_workerd(
    dir: &Path,
    listen: SocketAddr,
    config_json: &str,
    backends: &Backends<'_>,
    env: &EdgeEnv<'_>,
) -> anyhow::Result<Child> {
    let root = repo_root();
    ensure_built(
        &root,
        "cloudflare",
        &root.join("edge/cloudflare/build/index.js"),
    )?;
    let config_file = dir.join("config.json");
    write(&config_file, config_json)?;
    let secrets_file = dir.join("secrets.json");
    write(&secrets_file, &json_object(env.secrets).to_string())?;
    let kv_file = dir.join("kv.json");
    write(&kv_file, &json_object(env.kv).to_string())?;
    let runner = root.join("tests/edge/serve_workerd.mjs");
    Command::new("node")
        .arg(&runner)
        .arg("--listen")
        .arg(listen.to_string())
        .arg("--origin")
        .arg(backends.origin)
        .arg("--license")
        .arg(backends.license)
        .arg("--config-file")
        .arg(&config_file)
        .arg("--secrets-file")
        .arg(&secrets_file)
        .arg("--kv-file")
        .arg(&kv_file)
        // Closing this pipe (or this process dying) stops the runner and its workerd.
        .stdin(Stdio::piped())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| {
            format!(
                "cannot start node {} (tests/edge/setup.sh installs its deps)",
                runner.display()
            )
        })
}

/// Polls `listen` until it accepts a connection (60 s), failing early if the child exits.
fn wait_listening(child: &mut Child, listen: SocketAddr, runtime: &str) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            bail!("{runtime} exited before listening on {listen} ({status})");
        }
        if std::net::TcpStream::connect_timeout(&listen, std::time::Duration::from_millis(200))
            .is_ok()
        {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    bail!("{runtime} did not listen on {listen} within 60 s")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

    use super::*;

    #[test]
    fn fastly_manifest_has_backends_stores_secrets_and_the_whole_geo_table() {
        let toml = fastly_toml(
            &Backends {
                origin: "http://127.0.0.1:9999",
                license: "http://127.0.0.1:9998",
            },
            r#"{"pathways":[{"id":"cdn-a","base_url":"http://127.0.0.1:7000"}]}"#,
            Path::new("/tmp/x/config-store.json"),
            &EdgeEnv {
                secrets: &[("jwt_hs256", "s\"3")],
                kv: &[],
            },
        )
        .unwrap();
        assert!(toml.contains("[local_server.backends.origin]\nurl = \"http://127.0.0.1:9999/\""));
        assert!(toml.contains("[local_server.backends.license]\nurl = \"http://127.0.0.1:9998/\""));
        assert!(toml.contains("[local_server.kv_stores]\nottedge_state = []"));
        assert!(toml.contains(
            "[local_server.backends.\"pathway_cdn-a\"]\nurl = \"http://127.0.0.1:7000/\""
        ));
        assert!(toml.contains("file = \"/tmp/x/config-store.json\""));
        assert!(toml.contains("key = \"jwt_hs256\"\ndata = \"s\\\"3\""));
        for ip in ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"] {
            assert!(toml.contains(&format!("[local_server.geolocation.addresses.\"{ip}\"]")));
        }
        // Every geo field, or Viceroy's geo_lookup returns None.
        let fields = [
            "as_name",
            "as_number",
            "area_code",
            "city",
            "conn_speed",
            "conn_type",
            "continent",
            "country_code",
            "country_code3",
            "country_name",
            "latitude",
            "longitude",
            "metro_code",
            "postal_code",
            "proxy_description",
            "proxy_type",
            "region",
            "utc_offset",
        ];
        for field in fields {
            assert_eq!(toml.matches(&format!("\n{field} = ")).count(), 4, "{field}");
        }
    }

    #[test]
    fn unknown_runtime_and_bad_config_are_errors() {
        let listen: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let backends = Backends {
            origin: "http://127.0.0.1:2",
            license: "http://127.0.0.1:3",
        };
        let err = start("nginx", listen, "{}", &backends).unwrap_err();
        assert!(err.to_string().contains("unknown runtime"), "{err}");
        let err = start("viceroy", listen, "{", &backends).unwrap_err();
        assert!(err.to_string().contains("not JSON"), "{err}");
    }
}
