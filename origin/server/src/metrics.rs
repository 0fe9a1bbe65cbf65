//! Prometheus metrics, hand-rolled in the text exposition format 0.0.4.
//!
//! Why not the `prometheus-client` crate: three metric families with fixed label sets fit in
//! a few atomics, and rendering them is a page of code. A registry, dynamic label families and
//! OpenMetrics encoding would be a dependency for features we do not use.
//!
//! Families (label `route` is a [`Route`], `status` the class `1xx`…`5xx`):
//! - `ottedge_origin_requests_total{route,status}` counter;
//! - `ottedge_origin_response_body_bytes_total{route}` counter: the `Content-Length` of each
//!   response (a transfer the client aborts still counts in full);
//! - `ottedge_origin_request_duration_seconds{route}` histogram: from request head received to
//!   response head ready (storage lookups included, body streaming not).

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::ObjectKind;

/// What a request was for, as counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Route {
    /// A manifest (`.m3u8`, `.mpd`).
    Manifest,
    /// A segment.
    Segment,
    /// A key.
    Key,
    /// Any other object.
    Other,
    /// `/metrics`.
    Metrics,
    /// `/healthz`.
    Health,
    /// A path refused before storage (bad path, directory, method).
    Rejected,
}

impl Route {
    /// Every route, in exposition order.
    pub const ALL: [Route; 7] = [
        Route::Manifest,
        Route::Segment,
        Route::Key,
        Route::Other,
        Route::Metrics,
        Route::Health,
        Route::Rejected,
    ];

    /// The `route` label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Manifest => "manifest",
            Route::Segment => "segment",
            Route::Key => "key",
            Route::Other => "other",
            Route::Metrics => "metrics",
            Route::Health => "healthz",
            Route::Rejected => "rejected",
        }
    }
}

impl From<ObjectKind> for Route {
    fn from(kind: ObjectKind) -> Route {
        match kind {
            ObjectKind::Manifest => Route::Manifest,
            ObjectKind::Segment => Route::Segment,
            ObjectKind::Key => Route::Key,
            ObjectKind::Other => Route::Other,
        }
    }
}

/// Histogram bucket upper bounds, in seconds.
pub const LATENCY_BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

const STATUS_CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

#[derive(Default)]
struct RouteStats {
    by_class: [AtomicU64; 5],
    body_bytes: AtomicU64,
    /// Per-bucket (not cumulative) counts; the last one is `+Inf`.
    buckets: [AtomicU64; LATENCY_BUCKETS.len() + 1],
    sum_nanos: AtomicU64,
    count: AtomicU64,
}

/// The origin's counters; cheap to update from every request.
#[derive(Default)]
pub struct Metrics {
    routes: [RouteStats; Route::ALL.len()],
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Metrics {
    fn stats(&self, route: Route) -> Option<&RouteStats> {
        let index = Route::ALL.iter().position(|&r| r == route)?;
        self.routes.get(index)
    }

    /// Counts one response.
    pub fn observe(&self, route: Route, status: u16, body_bytes: u64, elapsed: Duration) {
        let Some(stats) = self.stats(route) else {
            return;
        };
        let class = usize::from(status / 100).saturating_sub(1);
        if let Some(counter) = stats.by_class.get(class) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        stats.body_bytes.fetch_add(body_bytes, Ordering::Relaxed);
        let secs = elapsed.as_secs_f64();
        let bucket = LATENCY_BUCKETS
            .iter()
            .position(|&le| secs <= le)
            .unwrap_or(LATENCY_BUCKETS.len());
        if let Some(counter) = stats.buckets.get(bucket) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        stats.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
        stats.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Requests counted for `route` with a status in `class` (1 to 5).
    pub fn requests(&self, route: Route, class: u16) -> u64 {
        self.stats(route)
            .and_then(|s| s.by_class.get(usize::from(class).saturating_sub(1)))
            .map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// Renders every family in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        let _ = writeln!(
            out,
            "# HELP ottedge_origin_requests_total HTTP requests answered, by route kind and status class.\n\
             # TYPE ottedge_origin_requests_total counter"
        );
        for (route, stats) in Route::ALL.iter().zip(&self.routes) {
            for (class, counter) in STATUS_CLASSES.iter().zip(&stats.by_class) {
                let _ = writeln!(
                    out,
                    "ottedge_origin_requests_total{{route=\"{}\",status=\"{class}\"}} {}",
                    route.as_str(),
                    counter.load(Ordering::Relaxed)
                );
            }
        }
        let _ = writeln!(
            out,
            "# HELP ottedge_origin_response_body_bytes_total Response body bytes sent (Content-Length), by route kind.\n\
             # TYPE ottedge_origin_response_body_bytes_total counter"
        );
        for (route, stats) in Route::ALL.iter().zip(&self.routes) {
            let _ = writeln!(
                out,
                "ottedge_origin_response_body_bytes_total{{route=\"{}\"}} {}",
                route.as_str(),
                stats.body_bytes.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP ottedge_origin_request_duration_seconds Time to response head, by route kind.\n\
             # TYPE ottedge_origin_request_duration_seconds histogram"
        );
        for (route, stats) in Route::ALL.iter().zip(&self.routes) {
            let route = route.as_str();
            let mut cumulative = 0u64;
            let bounds = LATENCY_BUCKETS.iter().map(|le| le.to_string());
            for (le, counter) in bounds.chain(["+Inf".to_owned()]).zip(&stats.buckets) {
                cumulative += counter.load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "ottedge_origin_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {cumulative}"
                );
            }
            let sum = stats.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9;
            let _ = writeln!(
                out,
                "ottedge_origin_request_duration_seconds_sum{{route=\"{route}\"}} {sum}\n\
                 ottedge_origin_request_duration_seconds_count{{route=\"{route}\"}} {}",
                stats.count.load(Ordering::Relaxed)
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observe_and_render() {
        let m = Metrics::default();
        m.observe(Route::Segment, 200, 1000, Duration::from_micros(700));
        m.observe(Route::Segment, 206, 10, Duration::from_millis(30));
        m.observe(Route::Rejected, 404, 99, Duration::from_secs(9));
        assert_eq!(m.requests(Route::Segment, 2), 2);
        assert_eq!(m.requests(Route::Rejected, 4), 1);
        let text = m.render();
        for line in [
            "ottedge_origin_requests_total{route=\"segment\",status=\"2xx\"} 2",
            "ottedge_origin_requests_total{route=\"rejected\",status=\"4xx\"} 1",
            "ottedge_origin_response_body_bytes_total{route=\"segment\"} 1010",
            "ottedge_origin_request_duration_seconds_bucket{route=\"segment\",le=\"0.0005\"} 0",
            "ottedge_origin_request_duration_seconds_bucket{route=\"segment\",le=\"0.001\"} 1",
            "ottedge_origin_request_duration_seconds_bucket{route=\"segment\",le=\"0.05\"} 2",
            "ottedge_origin_request_duration_seconds_bucket{route=\"rejected\",le=\"5\"} 0",
            "ottedge_origin_request_duration_seconds_bucket{route=\"rejected\",le=\"+Inf\"} 1",
            "ottedge_origin_request_duration_seconds_count{route=\"segment\"} 2",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line}\n{text}");
        }
    }
}
