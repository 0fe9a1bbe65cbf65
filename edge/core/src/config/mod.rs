//! The edge's one JSON configuration document (`docs/edge.md`, published as
//! `docs/config.schema.json`): [`parse`] reads it into [`Config`] or lists every problem, each
//! as a JSON pointer plus a reason.
//!
//! One source of truth, in two layers:
//! - **Structure** is the serde types in `types.rs` (members, types, defaults; unknown
//!   members denied). A strict deserializer (`de.rs`) gives each structural error the
//!   pointer of its member and reads on past it, so every independent mistake is listed.
//! - **Semantics** is [`validate`] (`validate.rs`) over the typed config: ids, country codes,
//!   times, JWT key combinations, unique kids and pathway ids, `default_tier` defined, URL
//!   and host rules ([`is_forbidden_host`], `host.rs`).
//!
//! The schema says the same for editors and CI; `tests/oracles/config_schema.test.mjs` checks
//! it (with Ajv) and `ottedge edge validate-config` against the shipped configs and a list of
//! broken ones. No JSON Schema crate at run time: they pull regex engines and URL parsers that
//! add hundreds of KiB to the Wasm builds, while the document is small and its rules are few.
//!
//! ```
//! let json = r#"{"version": 1, "assets": {"demo": {"origin_path": "/demo"}},
//!     "jwt": {"keys": [{"alg": "HS256", "secret_name": "jwt_hs256"}]}, "url_signing": {},
//!     "outbound": {"allow_hosts": ["169.254.169.254"]}}"#;
//! let errors = ottedge_edge::config::parse(json).unwrap_err();
//! assert_eq!(
//!     errors.to_string(),
//!     "/outbound/allow_hosts/0: is a link-local or cloud-metadata host, never allowed"
//! );
//! ```

mod de;
pub(crate) mod host;
mod types;
mod validate;

use serde_json::Value;

pub use host::is_forbidden_host;
pub use types::{
    AssetConfig, AssetKind, Blackout, Caps, Config, GeoConfig, JwtConfig, JwtKey, LicenseConfig,
    LogConfig, OutboundConfig, PathwayConfig, ProbeConfig, SteeringConfig, StreamsConfig,
    UrlSigningConfig, Weekly,
};
pub use validate::{is_asset_id, validate};

/// One configuration problem: where (RFC 6901 JSON pointer) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// JSON pointer to the offending member (`""` is the whole document).
    pub pointer: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.reason)
    }
}

/// Every problem found in a configuration document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl std::fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// Largest accepted document.
pub const MAX_CONFIG_BYTES: usize = 1 << 20;

/// Parses and validates `json`; every problem is reported.
pub fn parse(json: &str) -> Result<Config, ConfigErrors> {
    let fail = |pointer: &str, reason: String| {
        ConfigErrors(vec![ConfigError {
            pointer: pointer.into(),
            reason,
        }])
    };
    if json.len() > MAX_CONFIG_BYTES {
        return Err(fail(
            "",
            format!("document is {} bytes, limit {MAX_CONFIG_BYTES}", json.len()),
        ));
    }
    let value: Value = serde_json::from_str(json).map_err(|e| {
        fail(
            "",
            format!("not JSON: {e} (line {}, column {})", e.line(), e.column()),
        )
    })?;
    let mut errors = Vec::new();
    let (config, recovery) = de::from_value::<Config>(value, stand_in, &mut errors);
    let Some(config) = config else {
        return Err(ConfigErrors(errors));
    };
    for e in validate(&config) {
        if let Some(pointer) = recovery.locate(&e.pointer) {
            errors.push(ConfigError { pointer, ..e });
        }
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(ConfigErrors(errors))
    }
}

/// Stand-ins for the root's required members, used only so that one missing or broken member
/// does not hide the problems of the others (problems inside a stand-in are not reported).
fn stand_in(name: &str) -> Option<Value> {
    Some(match name {
        "version" => Value::from(1),
        "assets" | "url_signing" => Value::Object(serde_json::Map::new()),
        "jwt" => serde_json::json!({ "keys": [] }),
        _ => return None,
    })
}

/// `pointer` + `/name`, with `~` and `/` escaped (RFC 6901 §3).
fn child(pointer: &str, name: &str) -> String {
    format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"))
}
