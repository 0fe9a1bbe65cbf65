//! Geo entitlement: allow/deny lists and blackout windows, decided from the CDN's own geo
//! ([`ClientInfo`]) only — viewer-sent headers such as `X-Forwarded-For` or `CF-IPCountry`
//! are never read here.
//!
//! Unknown country with an allow list → denied (fail closed). Times are UTC; `now` is
//! injected.

use crate::config::{Blackout, GeoConfig};
use crate::platform::ClientInfo;

/// Why geo rules denied a viewer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GeoDenial {
    /// The country is not in the allow list, or is in the deny list (or unknown with an
    /// allow list).
    Country {
        /// The viewer's country, if known.
        country: Option<String>,
    },
    /// A blackout window covers the viewer's region now.
    Blackout {
        /// Index of the window in the asset's `blackouts`.
        index: usize,
    },
}

/// Applies `geo` to `client` at `now_s` (unix seconds).
pub fn check(geo: &GeoConfig, client: &ClientInfo, now_s: u64) -> Result<(), GeoDenial> {
    let country = client.country.as_deref().map(str::to_ascii_uppercase);
    let denied_country = || GeoDenial::Country {
        country: country.clone(),
    };
    if let Some(c) = &country
        && geo.deny.iter().any(|d| d.eq_ignore_ascii_case(c))
    {
        return Err(denied_country());
    }
    if !geo.allow.is_empty()
        && !country
            .as_ref()
            .is_some_and(|c| geo.allow.iter().any(|a| a.eq_ignore_ascii_case(c)))
    {
        return Err(denied_country());
    }
    for (index, blackout) in geo.blackouts.iter().enumerate() {
        if covers_region(blackout, client) && in_window(blackout, now_s) {
            return Err(GeoDenial::Blackout { index });
        }
    }
    Ok(())
}

fn covers_region(blackout: &Blackout, client: &ClientInfo) -> bool {
    if blackout.regions.is_empty() {
        return true;
    }
    let Some(country) = client.country.as_deref() else {
        // Unknown location inside a regional blackout: black out (fail closed).
        return true;
    };
    let region = client.region.as_deref().map(|r| {
        // Accept both "CA" and "US-CA" from the CDN.
        r.rsplit_once('-').map_or(r, |(_, sub)| sub)
    });
    blackout.regions.iter().any(|r| match r.split_once('-') {
        None => r.eq_ignore_ascii_case(country),
        Some((c, sub)) => {
            c.eq_ignore_ascii_case(country) && region.is_some_and(|g| g.eq_ignore_ascii_case(sub))
        }
    })
}

fn in_window(blackout: &Blackout, now_s: u64) -> bool {
    if let Some(weekly) = &blackout.weekly {
        let (Some(start), Some(end)) = (parse_hh_mm(&weekly.start), parse_hh_mm(&weekly.end))
        else {
            return false;
        };
        let day = now_s / 86_400;
        let second_of_day = now_s % 86_400;
        // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
        let weekday = |d: u64| {
            let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
            usize::try_from((d + 4) % 7)
                .ok()
                .and_then(|i| names.get(i))
                .copied()
                .unwrap_or("")
        };
        let starts_on = |d: u64| {
            weekly
                .days
                .iter()
                .any(|x| x.eq_ignore_ascii_case(weekday(d)))
        };
        if end > start {
            return starts_on(day) && second_of_day >= start && second_of_day < end;
        }
        // Crosses midnight: today's late part, or yesterday's window running into today.
        return (starts_on(day) && second_of_day >= start)
            || (day > 0 && starts_on(day - 1) && second_of_day < end);
    }
    let start = blackout.start.as_deref().and_then(parse_rfc3339_utc);
    let end = blackout.end.as_deref().and_then(parse_rfc3339_utc);
    matches!((start, end), (Some(s), Some(e)) if now_s >= s && now_s < e)
}

/// `HH:MM` → seconds of the day (`24:00` allowed as the end of day).
pub fn parse_hh_mm(text: &str) -> Option<u64> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u64 = h.parse().ok()?;
    let m: u64 = m.parse().ok()?;
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 3600 + m * 60)
}

/// `YYYY-MM-DDTHH:MM:SSZ` (or `+00:00`) → unix seconds.
pub fn parse_rfc3339_utc(text: &str) -> Option<u64> {
    let body = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix("+00:00"))?;
    let (date, time) = body.split_once('T')?;
    let mut d = date.split('-');
    let (y, mo, da) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || y.len() != 4 || mo.len() != 2 || da.len() != 2 {
        return None;
    }
    let (y, mo, da): (i64, u32, u32) = (y.parse().ok()?, mo.parse().ok()?, da.parse().ok()?);
    let time = time.split_once('.').map_or(time, |(t, _)| t);
    let mut t = time.split(':');
    let (h, mi, s) = (t.next()?, t.next()?, t.next()?);
    if t.next().is_some() || h.len() != 2 || mi.len() != 2 || s.len() != 2 {
        return None;
    }
    let (h, mi, s): (u64, u64, u64) = (h.parse().ok()?, mi.parse().ok()?, s.parse().ok()?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&da) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(y, mo, da);
    u64::try_from(days)
        .ok()
        .map(|d| d * 86_400 + h * 3600 + mi * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's civil algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
