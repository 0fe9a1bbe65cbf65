//! [`MediaSegment`]: a CMAF segment (`styp`, optional `sidx`, `moof`, `mdat`) of one track.
//!
//! Sizes and offsets are written once and back-patched: the `trun` `data_offset` after the
//! `moof` is complete, the `sidx` after the fragment is written.

use crate::trun::{DATA_OFFSET_POSITION, NON_SYNC_SAMPLE_FLAGS, SYNC_SAMPLE_FLAGS};
use crate::writer::{begin_box, end_box, patch_u32};
use crate::{
    BoxCodec, Error, FourCC, Mfhd, Saio, Saiz, Senc, SencSample, Sidx, SidxReference, Styp, Tfdt,
    Tfhd, Trun, TrunSample,
};

/// One sample to put in a segment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sample {
    /// Duration in the media timescale.
    pub duration: u32,
    /// Whether it is a sync sample (an IDR picture for H.264).
    pub is_sync: bool,
    /// Composition time minus decode time (negative with B-frames and no edit list).
    pub composition_time_offset: i32,
    /// The sample bytes (length-prefixed NAL units for H.264), already encrypted if it is.
    pub data: Vec<u8>,
    /// Its `senc` record (IV and subsamples), when the track is encrypted.
    pub encryption: Option<SencSample>,
}

/// A CMAF segment holding one fragment of one track.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MediaSegment {
    /// `mfhd` `sequence_number` (1-based, increasing per fragment).
    pub sequence_number: u32,
    /// `tfhd` `track_ID`, as in the header.
    pub track_id: u32,
    /// `tfdt` `baseMediaDecodeTime`: the first sample's decode time.
    pub base_media_decode_time: u64,
    /// Write a `sidx` (one reference, to this fragment) with this timescale.
    pub sidx_timescale: Option<u32>,
    /// The samples, in decode order.
    pub samples: Vec<Sample>,
}

impl MediaSegment {
    /// The segment's bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(
            self.samples
                .iter()
                .map(|s| s.data.len() + 32)
                .sum::<usize>()
                + 256,
        );
        self.write(&mut out)?;
        Ok(out)
    }

    /// Appends the segment to `out`.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let Some(first) = self.samples.first() else {
            return Err(Error::invalid("a segment needs at least one sample"));
        };
        // Either every sample has a senc record, with IVs of one size, or none has.
        let iv_len = |s: &Sample| s.encryption.as_ref().map(|e| e.iv.len());
        if self.samples.iter().any(|s| iv_len(s) != iv_len(first)) {
            return Err(Error::invalid(
                "every sample of a segment needs encryption info with IVs of one size, or none",
            ));
        }
        let encrypted = first.encryption.is_some();
        if self
            .samples
            .iter()
            .any(|s| u32::try_from(s.data.len()).is_err())
        {
            return Err(Error::invalid("a sample is larger than 4 GiB"));
        }
        let mut brands = vec![FourCC(*b"cmfs"), FourCC(*b"msdh")];
        if self.sidx_timescale.is_some() {
            brands.push(FourCC(*b"msix"));
        }
        Styp {
            major_brand: FourCC(*b"cmfs"),
            minor_version: 0,
            compatible_brands: brands,
        }
        .encode(out);

        // The sidx size does not depend on its values (version 1, one reference): write a
        // placeholder now, the real one once the fragment's size is known.
        let sidx_at = out.len();
        let mut sidx = self.sidx_timescale.map(|timescale| Sidx {
            version: 1,
            flags: 0,
            reference_id: self.track_id,
            timescale,
            earliest_presentation_time: 0,
            first_offset: 0,
            references: vec![SidxReference::default()],
        });
        if let Some(s) = &sidx {
            s.encode(out);
        }

        let moof_at = begin_box(out, FourCC(*b"moof"));
        Mfhd {
            flags: 0,
            sequence_number: self.sequence_number,
        }
        .encode(out);
        let traf_at = begin_box(out, FourCC(*b"traf"));
        Tfhd {
            track_id: self.track_id,
            default_base_is_moof: true,
            ..Tfhd::default()
        }
        .encode(out);
        Tfdt {
            version: 1,
            flags: 0,
            base_media_decode_time: self.base_media_decode_time,
        }
        .encode(out);
        let any_cts = self.samples.iter().any(|s| s.composition_time_offset != 0);
        let trun = Trun {
            version: u8::from(self.samples.iter().any(|s| s.composition_time_offset < 0)),
            data_offset: Some(0),
            first_sample_flags: None,
            samples: self
                .samples
                .iter()
                .map(|s| TrunSample {
                    duration: Some(s.duration),
                    size: Some(s.data.len() as u32),
                    flags: Some(if s.is_sync {
                        SYNC_SAMPLE_FLAGS
                    } else {
                        NON_SYNC_SAMPLE_FLAGS
                    }),
                    composition_time_offset: any_cts.then_some(s.composition_time_offset),
                })
                .collect(),
            other_flags: 0,
        };
        let trun_at = out.len();
        trun.encode(out);

        if encrypted {
            let records: Vec<SencSample> = self
                .samples
                .iter()
                .filter_map(|s| s.encryption.clone())
                .collect();
            let senc = Senc::from_samples(&records);
            let with_subsamples = senc.flags & crate::senc::USE_SUBSAMPLE_ENCRYPTION != 0;
            // senc's first record follows its header, version+flags and sample_count.
            let first_record = out.len() + 16 - moof_at;
            senc.encode(out);
            let sizes: Vec<u8> = records
                .iter()
                .map(|r| {
                    let sub = if with_subsamples {
                        2 + 6 * r.subsamples.len()
                    } else {
                        0
                    };
                    (r.iv.len() + sub).min(255) as u8
                })
                .collect();
            Saiz::from_sizes(&sizes).encode(out);
            Saio {
                version: 0,
                aux_info_type: None,
                offsets: vec![first_record as u64],
            }
            .encode(out);
        }
        end_box(out, traf_at);
        end_box(out, moof_at);

        let moof_size = out.len() - moof_at;
        let mdat_payload: usize = self.samples.iter().map(|s| s.data.len()).sum();
        let mdat_header = if u32::try_from(mdat_payload + 8).is_ok() {
            8
        } else {
            16
        };
        let data_offset = i32::try_from(moof_size + mdat_header)
            .map_err(|_| Error::invalid("moof larger than 2 GiB"))?;
        patch_u32(out, trun_at + DATA_OFFSET_POSITION, data_offset as u32);

        let mdat_at = begin_box(out, FourCC(*b"mdat"));
        for s in &self.samples {
            out.extend_from_slice(&s.data);
        }
        end_box(out, mdat_at);

        if let Some(s) = &mut sidx {
            let mut dts: i64 = 0;
            let mut earliest = i64::MAX;
            for x in &self.samples {
                earliest = earliest.min(dts + i64::from(x.composition_time_offset));
                dts += i64::from(x.duration);
            }
            let earliest = if self.samples.is_empty() { 0 } else { earliest };
            s.earliest_presentation_time = (self.base_media_decode_time as i64)
                .saturating_add(earliest)
                .max(0) as u64;
            s.references = vec![SidxReference {
                reference_type: false,
                referenced_size: u32::try_from(out.len() - moof_at)
                    .map_err(|_| Error::invalid("fragment larger than 2 GiB for sidx"))?,
                subsegment_duration: u32::try_from(dts)
                    .map_err(|_| Error::invalid("segment duration overflows sidx"))?,
                starts_with_sap: self.samples.first().is_some_and(|x| x.is_sync),
                sap_type: if self.samples.first().is_some_and(|x| x.is_sync) {
                    1
                } else {
                    0
                },
                sap_delta_time: 0,
            }];
            let bytes = s.to_bytes();
            if let Some(slot) = out.get_mut(sidx_at..sidx_at + bytes.len()) {
                slot.copy_from_slice(&bytes);
            }
        }
        Ok(())
    }
}
