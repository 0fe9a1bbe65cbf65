//! The token-valued reserved keys `ot`, `sf` and `st` (CTA-5004 §3 key table).

macro_rules! token_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $token:literal, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order of the CTA-5004 key table.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The token as sent on the wire.
            pub fn as_token(self) -> &'static str {
                match self {
                    $( $name::$variant => $token, )+
                }
            }

            /// Recognises a token (case-sensitive, CTA-5004 §3 payload rule 6).
            pub fn from_token(token: &str) -> Option<Self> {
                match token {
                    $( $token => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_token())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_token())
            }
        }
    };
}

token_enum! {
    /// `ot`, object type: the media type of the requested object.
    ObjectType {
        /// `m`: text file, such as a manifest or playlist.
        Manifest = "m",
        /// `a`: audio only.
        Audio = "a",
        /// `v`: video only.
        Video = "v",
        /// `av`: muxed audio and video.
        MuxedAudioVideo = "av",
        /// `i`: init segment.
        Init = "i",
        /// `c`: caption or subtitle.
        Caption = "c",
        /// `tt`: ISOBMFF timed text track.
        TimedText = "tt",
        /// `k`: cryptographic key, license or certificate.
        Key = "k",
        /// `o`: other.
        Other = "o",
    }
}

token_enum! {
    /// `sf`, streaming format.
    StreamingFormat {
        /// `d`: MPEG DASH.
        Dash = "d",
        /// `h`: HTTP Live Streaming.
        Hls = "h",
        /// `s`: Smooth Streaming.
        Smooth = "s",
        /// `o`: other.
        Other = "o",
    }
}

token_enum! {
    /// `st`, stream type.
    StreamType {
        /// `v`: all segments are available (VOD).
        Vod = "v",
        /// `l`: segments become available over time (live).
        Live = "l",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for ot in ObjectType::ALL {
            assert_eq!(ObjectType::from_token(ot.as_token()), Some(*ot));
        }
        for sf in StreamingFormat::ALL {
            assert_eq!(StreamingFormat::from_token(sf.as_token()), Some(*sf));
        }
        for st in StreamType::ALL {
            assert_eq!(StreamType::from_token(st.as_token()), Some(*st));
        }
        assert_eq!(ObjectType::ALL.len(), 9);
        assert_eq!(
            ObjectType::from_token("av"),
            Some(ObjectType::MuxedAudioVideo)
        );
        assert_eq!(ObjectType::from_token("AV"), None);
        assert_eq!(StreamingFormat::from_token("x"), None);
    }
}
