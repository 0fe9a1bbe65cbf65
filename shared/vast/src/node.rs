//! An element being read, with its path for error messages, and the typed attribute and text
//! readers every model file uses.

use ottedge_xml::Element;

use crate::error::VastError;

/// `element` at `path` in the document.
#[derive(Clone, Copy)]
pub(crate) struct Node<'a> {
    pub element: &'a Element,
    path: &'a str,
}

impl<'a> Node<'a> {
    pub fn root(element: &'a Element, path: &'a str) -> Self {
        Self { element, path }
    }

    pub fn path(&self) -> &str {
        self.path
    }

    pub fn malformed(&self, reason: impl Into<String>) -> VastError {
        VastError::Malformed {
            path: self.path.to_owned(),
            offset: self.element.offset,
            reason: reason.into(),
        }
    }

    /// Calls `f` with each child named `name` and its path (`<path>/<name>[i]`).
    pub fn each<T>(
        &self,
        name: &str,
        mut f: impl FnMut(Node<'_>) -> Result<T, VastError>,
    ) -> Result<Vec<T>, VastError> {
        let mut out = Vec::new();
        for (i, child) in self.element.children_named(name).enumerate() {
            let path = format!("{}/{name}[{i}]", self.path);
            out.push(f(Node {
                element: child,
                path: &path,
            })?);
        }
        Ok(out)
    }

    /// Calls `f` with the first child named `name`, if any (path `<path>/<name>`).
    pub fn with<T>(
        &self,
        name: &str,
        f: impl FnOnce(Node<'_>) -> Result<T, VastError>,
    ) -> Result<Option<T>, VastError> {
        match self.element.child(name) {
            None => Ok(None),
            Some(child) => {
                let path = format!("{}/{name}", self.path);
                f(Node {
                    element: child,
                    path: &path,
                })
                .map(Some)
            }
        }
    }

    /// The element's text, trimmed (URLs and values are written inside CDATA with spaces).
    pub fn text(&self) -> String {
        self.element.text.trim().to_owned()
    }

    /// Trimmed text of the first child `name`, if it has any.
    pub fn child_text(&self, name: &str) -> Option<String> {
        self.element
            .child(name)
            .map(|c| c.text.trim().to_owned())
            .filter(|t| !t.is_empty())
    }

    /// Trimmed texts of every child `name` that has text (empty `<Impression/>` are dropped).
    pub fn child_texts(&self, name: &str) -> Vec<String> {
        self.element
            .children_named(name)
            .map(|c| c.text.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect()
    }

    pub fn attr(&self, name: &str) -> Option<String> {
        self.element.attr(name).map(|v| v.trim().to_owned())
    }

    /// An unsigned integer attribute; an empty value counts as absent.
    pub fn u32_attr(&self, name: &str) -> Result<Option<u32>, VastError> {
        match self.element.attr(name).map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| self.malformed(format!("@{name} {v:?} is not an unsigned integer"))),
        }
    }

    /// An `xs:boolean` attribute (`true`/`false`/`1`/`0`).
    pub fn bool_attr(&self, name: &str) -> Result<Option<bool>, VastError> {
        match self.element.attr(name).map(str::trim) {
            None | Some("") => Ok(None),
            Some("true" | "1") => Ok(Some(true)),
            Some("false" | "0") => Ok(Some(false)),
            Some(v) => Err(self.malformed(format!("@{name} {v:?} is not a boolean"))),
        }
    }
}
