//! HLS carriage of a section (RFC 8216bis §4.4.5.1.1 `#EXT-X-DATERANGE` SCTE35-OUT/IN/CMD, and
//! the de-facto `#EXT-X-CUE-OUT` / `#EXT-X-CUE-OUT-CONT` / `#EXT-X-CUE-IN` and
//! `#EXT-OATCLS-SCTE35` tags). Every builder returns one tag line without a line break.
//!
//! CUE-OUT forms: [`cue_out`] writes `#EXT-X-CUE-OUT:DURATION=30` (attribute form, read by
//! MediaTailor, Wowza and most SSAI stitchers); [`cue_out_bare`] writes `#EXT-X-CUE-OUT:30.000`
//! (the Elemental form). Durations come from the splice_insert `break_duration` or else the
//! first segmentation descriptor's `segmentation_duration`.

use crate::{Error, SpliceCommand, SpliceDescriptor, SpliceInfoSection, json::seconds};

/// Which `SCTE35-*` attribute an `#EXT-X-DATERANGE` carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scte35Attribute {
    /// `SCTE35-OUT`: the section starts a break (cue-out).
    Out,
    /// `SCTE35-IN`: the section ends a break (cue-in).
    In,
    /// `SCTE35-CMD`: any other section.
    Cmd,
}

impl Scte35Attribute {
    /// The attribute name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Out => "SCTE35-OUT",
            Self::In => "SCTE35-IN",
            Self::Cmd => "SCTE35-CMD",
        }
    }

    /// The attribute RFC 8216bis suggests for `section`: a splice_insert's
    /// `out_of_network_indicator` decides OUT/IN; otherwise the first segmentation descriptor's
    /// type (a "Start" type → OUT, an "End" type → IN, Table 23); else CMD.
    pub fn for_section(section: &SpliceInfoSection) -> Self {
        if let Some(SpliceCommand::SpliceInsert(i)) = section.splice_command()
            && !i.splice_event_cancel_indicator
        {
            return if i.out_of_network_indicator {
                Self::Out
            } else {
                Self::In
            };
        }
        for d in section.descriptors() {
            if let SpliceDescriptor::Segmentation(s) = d
                && !s.segmentation_event_cancel_indicator
            {
                let name = crate::segmentation_type_name(s.segmentation_type_id);
                if name.ends_with("Start") {
                    return Self::Out;
                }
                if name.ends_with("End") {
                    return Self::In;
                }
            }
        }
        Self::Cmd
    }
}

/// The break duration in 90 kHz ticks: the splice_insert `break_duration`, else the first
/// segmentation descriptor with a `segmentation_duration`.
pub fn duration_ticks(section: &SpliceInfoSection) -> Option<u64> {
    if let Some(SpliceCommand::SpliceInsert(i)) = section.splice_command()
        && let Some(b) = &i.break_duration
    {
        return Some(b.duration);
    }
    section.descriptors().iter().find_map(|d| match d {
        SpliceDescriptor::Segmentation(s) => s.segmentation_duration,
        _ => None,
    })
}

/// Seconds with at most three decimals and no trailing zeros (`30`, `59.993`).
pub fn format_seconds(ticks: u64) -> String {
    let s = format!("{:.3}", seconds(ticks));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_owned()
}

/// Options of [`daterange`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRangeOptions<'a> {
    /// `ID` (quoted-string).
    pub id: &'a str,
    /// `START-DATE` (ISO 8601 date-time, e.g. `2014-03-05T11:15:00Z`).
    pub start_date: &'a str,
    /// `CLASS`, if any.
    pub class: Option<&'a str>,
    /// Which `SCTE35-*` attribute; `None` picks [`Scte35Attribute::for_section`].
    pub attribute: Option<Scte35Attribute>,
}

/// `#EXT-X-DATERANGE:ID="…",START-DATE="…",PLANNED-DURATION=…,SCTE35-OUT=0x…` with the
/// attribute picked by [`Scte35Attribute::for_section`] and `PLANNED-DURATION` from
/// [`duration_ticks`] (left out when there is none, and always for SCTE35-IN).
pub fn daterange_scte35(
    section: &SpliceInfoSection,
    id: &str,
    start_date: &str,
) -> Result<String, Error> {
    daterange(
        section,
        &DateRangeOptions {
            id,
            start_date,
            class: None,
            attribute: None,
        },
    )
}

/// [`daterange_scte35`] with every option.
pub fn daterange(
    section: &SpliceInfoSection,
    options: &DateRangeOptions<'_>,
) -> Result<String, Error> {
    for (field, value) in [("ID", options.id), ("START-DATE", options.start_date)]
        .into_iter()
        .chain(options.class.map(|c| ("CLASS", c)))
    {
        if value.contains(['"', '\n', '\r']) {
            return Err(Error::Encode {
                field: "EXT-X-DATERANGE",
                reason: format!("{field} contains a quote or line break"),
            });
        }
    }
    let attribute = options
        .attribute
        .unwrap_or_else(|| Scte35Attribute::for_section(section));
    let mut line = format!("#EXT-X-DATERANGE:ID=\"{}\"", options.id);
    if let Some(class) = options.class {
        line.push_str(&format!(",CLASS=\"{class}\""));
    }
    line.push_str(&format!(",START-DATE=\"{}\"", options.start_date));
    if attribute != Scte35Attribute::In
        && let Some(d) = duration_ticks(section)
    {
        line.push_str(&format!(",PLANNED-DURATION={}", format_seconds(d)));
    }
    line.push_str(&format!(",{}={}", attribute.name(), section.to_hex()?));
    Ok(line)
}

/// `#EXT-X-CUE-OUT:DURATION=<seconds>` (or bare `#EXT-X-CUE-OUT` without a duration).
pub fn cue_out(section: &SpliceInfoSection) -> String {
    match duration_ticks(section) {
        Some(d) => format!("#EXT-X-CUE-OUT:DURATION={}", format_seconds(d)),
        None => "#EXT-X-CUE-OUT".to_owned(),
    }
}

/// `#EXT-X-CUE-OUT:<seconds with 3 decimals>` (Elemental form).
pub fn cue_out_bare(section: &SpliceInfoSection) -> String {
    match duration_ticks(section) {
        Some(d) => format!("#EXT-X-CUE-OUT:{:.3}", seconds(d)),
        None => "#EXT-X-CUE-OUT".to_owned(),
    }
}

/// `#EXT-X-CUE-OUT-CONT:ElapsedTime=<s>,Duration=<s>,SCTE35=<base64>` for segments inside a
/// break (times in 90 kHz ticks).
pub fn cue_out_cont(section: &SpliceInfoSection, elapsed_ticks: u64) -> Result<String, Error> {
    let mut line = format!(
        "#EXT-X-CUE-OUT-CONT:ElapsedTime={:.3}",
        seconds(elapsed_ticks)
    );
    if let Some(d) = duration_ticks(section) {
        line.push_str(&format!(",Duration={:.3}", seconds(d)));
    }
    line.push_str(&format!(",SCTE35={}", section.to_base64()?));
    Ok(line)
}

/// `#EXT-X-CUE-IN`.
pub fn cue_in() -> String {
    "#EXT-X-CUE-IN".to_owned()
}

/// `#EXT-OATCLS-SCTE35:<base64>`.
pub fn oatcls(section: &SpliceInfoSection) -> Result<String, Error> {
    Ok(format!("#EXT-OATCLS-SCTE35:{}", section.to_base64()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_insert_out_daterange() {
        let s =
            crate::parse_cue("/DAlAAAAAAAAAP/wFAUAAAABf+/+y+LXLv4ARKogAAEAAAAAMZjNOQ==").unwrap();
        assert_eq!(
            daterange_scte35(&s, "splice-1", "2026-01-01T00:00:00Z").unwrap(),
            "#EXT-X-DATERANGE:ID=\"splice-1\",START-DATE=\"2026-01-01T00:00:00Z\",PLANNED-DURATION=50,\
             SCTE35-OUT=0xFC302500000000000000FFF01405000000017FEFFECBE2D72EFE0044AA200001000000003198CD39"
        );
        assert_eq!(cue_out(&s), "#EXT-X-CUE-OUT:DURATION=50");
        assert_eq!(cue_out_bare(&s), "#EXT-X-CUE-OUT:50.000");
        assert_eq!(
            oatcls(&s).unwrap(),
            "#EXT-OATCLS-SCTE35:/DAlAAAAAAAAAP/wFAUAAAABf+/+y+LXLv4ARKogAAEAAAAAMZjNOQ=="
        );
        assert!(
            cue_out_cont(&s, 900_000)
                .unwrap()
                .starts_with("#EXT-X-CUE-OUT-CONT:ElapsedTime=10.000,Duration=50.000,SCTE35=/DAl")
        );
        assert_eq!(cue_in(), "#EXT-X-CUE-IN");
    }

    #[test]
    fn segmentation_end_is_in_without_duration() {
        // time_signal + segmentation_descriptor type 0x35 (Provider Placement Opportunity End),
        // built here (written for ottedge).
        let mut d = crate::SegmentationDescriptor {
            segmentation_type_id: 0x35,
            ..Default::default()
        };
        d.segmentation_duration = Some(2_700_000);
        let s = SpliceInfoSection::new(
            SpliceCommand::TimeSignal(crate::TimeSignal::at(90_000)),
            vec![SpliceDescriptor::Segmentation(d)],
        );
        let line = daterange(
            &s,
            &DateRangeOptions {
                id: "a",
                start_date: "d",
                class: Some("urn:x"),
                attribute: None,
            },
        )
        .unwrap();
        assert!(
            line.starts_with(
                "#EXT-X-DATERANGE:ID=\"a\",CLASS=\"urn:x\",START-DATE=\"d\",SCTE35-IN=0xFC30"
            ),
            "{line}"
        );
        assert_eq!(
            Scte35Attribute::for_section(&SpliceInfoSection::new(
                SpliceCommand::SpliceNull,
                vec![]
            )),
            Scte35Attribute::Cmd
        );
        assert_eq!(format_seconds(5_399_370), "59.993");
        assert!(daterange_scte35(&s, "bad\"id", "d").is_err());
    }
}
