//! The boilerplate every validated string newtype shares.

/// Declares `pub struct $name<'a>(Cow<'a, str>)` whose every constructor runs
/// `$validate`, with accessors, formatting, conversions, serde and arbitrary.
macro_rules! validated_str {
    (
        $(#[$meta:meta])*
        $name:ident, validate = $validate:path, arbitrary = $gen:path
    ) => {
        validated_str! { $(#[$meta])* $name, validate = $validate, arbitrary = $gen, deserialize = $validate }
    };
    (
        $(#[$meta:meta])*
        $name:ident, validate = $validate:path, arbitrary = $gen:path, deserialize = $de:path
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name<'a>(alloc::borrow::Cow<'a, str>);

        impl<'a> $name<'a> {
            /// The value exactly as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A borrowed view of this value (cheap, no copy).
            #[must_use]
            pub fn borrowed(&self) -> $name<'_> {
                $name(alloc::borrow::Cow::Borrowed(&self.0))
            }

            /// The text, consuming the value.
            pub fn into_cow(self) -> alloc::borrow::Cow<'a, str> {
                self.0
            }

            /// Wraps text the caller has already validated.
            #[allow(dead_code)]
            pub(crate) fn new_unchecked(text: impl Into<alloc::borrow::Cow<'a, str>>) -> Self {
                Self(text.into())
            }
        }

        impl $crate::IntoStatic for $name<'_> {
            type Static = $name<'static>;

            fn into_static(self) -> $name<'static> {
                $name(alloc::borrow::Cow::Owned(self.0.into_owned()))
            }
        }

        impl core::str::FromStr for $name<'static> {
            type Err = $crate::ValidationError;

            /// Validates and copies `text`, so `"...".parse()` works.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::try_from(text).map($crate::IntoStatic::into_static)
            }
        }

        impl core::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&&*self.0).finish()
            }
        }

        impl core::fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name<'_> {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl $crate::wire::Wire for $name<'_> {
            fn write_to<S: $crate::wire::Sink + ?Sized>(&self, out: &mut S) {
                out.put_str(&self.0);
            }
        }

        impl<'a> TryFrom<alloc::borrow::Cow<'a, str>> for $name<'a> {
            type Error = $crate::ValidationError;
            fn try_from(text: alloc::borrow::Cow<'a, str>) -> Result<Self, Self::Error> {
                $validate(&text)?;
                Ok(Self(text))
            }
        }

        impl<'a> TryFrom<&'a str> for $name<'a> {
            type Error = $crate::ValidationError;
            fn try_from(text: &'a str) -> Result<Self, Self::Error> {
                Self::try_from(alloc::borrow::Cow::Borrowed(text))
            }
        }

        impl TryFrom<alloc::string::String> for $name<'static> {
            type Error = $crate::ValidationError;
            fn try_from(text: alloc::string::String) -> Result<Self, Self::Error> {
                Self::try_from(alloc::borrow::Cow::Owned(text))
            }
        }

        impl<'a> TryFrom<&'a [u8]> for $name<'a> {
            type Error = $crate::ValidationError;
            fn try_from(bytes: &'a [u8]) -> Result<Self, Self::Error> {
                Self::try_from($crate::wire::utf8($crate::ValueKind::$name, bytes)?)
            }
        }

        #[cfg(feature = "serde")]
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl serde::Serialize for $name<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        #[cfg(feature = "serde")]
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl<'de> serde::Deserialize<'de> for $name<'_> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
                $de(&text).map_err(serde::de::Error::custom)?;
                Ok($name(alloc::borrow::Cow::Owned(text)))
            }
        }

        #[cfg(feature = "arbitrary")]
        #[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
        impl<'u> arbitrary::Arbitrary<'u> for $name<'_> {
            fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
                $name::try_from($gen(u)?).map_err(|_| arbitrary::Error::IncorrectFormat)
            }
        }
    };
}

/// `TryFrom<String>`, `TryFrom<&[u8]>`, `Display` and serde for a composite
/// type that implements `TryFrom<&'a str>`, `Wire` and `IntoStatic`. With
/// `utf8`, deserializing goes through `new_utf8`, since only that constructor
/// can have made a value with non-ASCII text.
macro_rules! composite_conversions {
    ($name:ident, utf8) => {
        composite_conversions!(@common $name);

        #[cfg(feature = "serde")]
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl<'de> serde::Deserialize<'de> for $name<'_> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
                $name::new_utf8(&text).map($crate::IntoStatic::into_static).map_err(serde::de::Error::custom)
            }
        }
    };
    ($name:ident) => {
        composite_conversions!(@common $name);

        #[cfg(feature = "serde")]
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl<'de> serde::Deserialize<'de> for $name<'_> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
                $name::try_from(text).map_err(serde::de::Error::custom)
            }
        }
    };
    (@common $name:ident) => {
        impl TryFrom<alloc::string::String> for $name<'static> {
            type Error = $crate::ValidationError;
            fn try_from(text: alloc::string::String) -> Result<Self, Self::Error> {
                $name::try_from(text.as_str()).map($crate::IntoStatic::into_static)
            }
        }

        impl core::str::FromStr for $name<'static> {
            type Err = $crate::ValidationError;

            /// Validates and copies `text`, so `"...".parse()` works.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::try_from(text).map($crate::IntoStatic::into_static)
            }
        }

        impl<'a> TryFrom<&'a [u8]> for $name<'a> {
            type Error = $crate::ValidationError;
            fn try_from(bytes: &'a [u8]) -> Result<Self, Self::Error> {
                Self::try_from($crate::wire::utf8($crate::ValueKind::$name, bytes)?)
            }
        }

        impl core::fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                $crate::wire::display(self, f)
            }
        }

        #[cfg(feature = "serde")]
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl serde::Serialize for $name<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}
