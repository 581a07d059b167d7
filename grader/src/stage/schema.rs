//! Chaff schemata: every chaff of an exercise compiled into one copy of the reference solution, so
//! a candidate's tests meet all of them with one library and one test binary. A function body that
//! some chaff changes becomes a `match` on the chaff chosen at run time (`GRADER_CHAFF`), one arm
//! per chaff that changes it and the reference's body for any other value. A chaff may change
//! function bodies only: anything else (a signature, a type, an item) is refused, which
//! `grader verify` reports. The main type is [`Schema`].

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::visit_mut::VisitMut;

use crate::filetree::FileTree;

/// The environment variable a test process reads its chaff from (the selector module below spells
/// it out too).
pub const CHAFF_VAR: &str = "GRADER_CHAFF";

/// The reference with every chaff in it, and the number each is selected by.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The editable files of the reference, rewritten.
    pub files: FileTree,
}

/// Builds the schema of `reference` (the solution's editable files) over `variants`: for each,
/// its selector (never 0) and the files it changes.
pub fn schema(reference: &FileTree, variants: &[(u64, &FileTree)]) -> Result<Schema, String> {
    let mut files = FileTree::new();
    for (path, bytes) in reference.iter() {
        let changing: Vec<(u64, &str)> = variants
            .iter()
            .filter_map(|(id, files)| files.text(path).filter(|text| text.as_bytes() != bytes).map(|text| (*id, text)))
            .collect();
        let root = path == "src/lib.rs";
        if !path.ends_with(".rs") {
            if !changing.is_empty() {
                return Err(format!("a chaff changes {path}, which is not Rust source"));
            }
            files.insert(path, bytes);
            continue;
        }
        let text = std::str::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8"))?;
        let mut file = syn::parse_file(text).map_err(|err| format!("{path} does not parse: {err}"))?;
        let skeleton = skeleton_of(&file);
        let mut arms: Vec<Vec<(u64, TokenStream)>> = vec![Vec::new(); bodies_of(&file).len()];
        for (id, changed) in changing {
            let variant =
                syn::parse_file(changed).map_err(|err| format!("chaff {id}: {path} does not parse: {err}"))?;
            if skeleton_of(&variant) != skeleton {
                return Err(format!(
                    "a chaff changes {path} outside function bodies (a signature, a type or an item): \
                     a chaff may change only what functions do"
                ));
            }
            for (index, (mine, theirs)) in bodies_of(&file).iter().zip(bodies_of(&variant)).enumerate() {
                if mine.to_string() != theirs.to_string() {
                    arms[index].push((id, theirs));
                }
            }
        }
        let mut rewrite = Rewrite { arms, index: 0, error: None };
        rewrite.visit_file_mut(&mut file);
        Inline.visit_file_mut(&mut file);
        if let Some(error) = rewrite.error {
            return Err(format!("{path}: {error}"));
        }
        let mut out = file.to_token_stream().to_string();
        if root {
            out = format!("#![allow(warnings, clippy::all)]\n{out}\n{SELECTOR}");
        }
        files.insert(path, out);
    }
    Ok(Schema { files })
}

/// The selector module, added at the end of the crate root.
const SELECTOR: &str = r#"
#[doc(hidden)]
pub mod __grader_chaff {
    use std::sync::atomic::{AtomicU64, Ordering};
    extern "C" {
        fn getenv(name: *const std::os::raw::c_char) -> *const std::os::raw::c_char;
    }
    static ID: AtomicU64 = AtomicU64::new(0);
    /// The chaff chosen for this process; read without allocating, so a test that counts
    /// allocations sees the reference's own.
    pub fn id() -> u64 {
        let known = ID.load(Ordering::Relaxed);
        if known != 0 {
            return known;
        }
        let mut id: u64 = 0;
        // SAFETY: a NUL-terminated name; getenv returns NULL or a NUL-terminated string that no
        // test changes while it is read (the grader sets the variable before the process starts).
        unsafe {
            let mut at = getenv(b"GRADER_CHAFF\0".as_ptr().cast());
            while !at.is_null() && (*at as u8).is_ascii_digit() {
                id = id.wrapping_mul(10).wrapping_add(u64::from(*at as u8 - b'0'));
                at = at.add(1);
            }
        }
        let id = if id == 0 { u64::MAX } else { id };
        ID.store(id, Ordering::Relaxed);
        id
    }
}
"#;

/// The file with every function body emptied, as text: two files with the same skeleton differ
/// only inside function bodies.
fn skeleton_of(file: &syn::File) -> String {
    let mut file = file.clone();
    Bodies { found: Vec::new(), empty: true }.visit_file_mut(&mut file);
    file.to_token_stream().to_string()
}

/// Every function body of the file, in order (nested functions are part of their body).
fn bodies_of(file: &syn::File) -> Vec<TokenStream> {
    let mut file = file.clone();
    let mut bodies = Bodies { found: Vec::new(), empty: false };
    bodies.visit_file_mut(&mut file);
    bodies.found
}

/// Collects (and with `empty`, empties) function bodies: free functions, methods and trait
/// methods with a default body, in modules too, but not inside another body.
struct Bodies {
    found: Vec<TokenStream>,
    empty: bool,
}

impl Bodies {
    fn take(&mut self, block: &mut syn::Block) {
        self.found.push(block.to_token_stream());
        if self.empty {
            block.stmts.clear();
        }
    }
}

impl VisitMut for Bodies {
    fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
        self.take(&mut item.block);
    }
    fn visit_impl_item_fn_mut(&mut self, item: &mut syn::ImplItemFn) {
        self.take(&mut item.block);
    }
    fn visit_trait_item_fn_mut(&mut self, item: &mut syn::TraitItemFn) {
        if let Some(block) = &mut item.default {
            self.take(block);
        }
    }
}

/// Marks every function `#[inline]`: the library then holds little machine code of its own, and
/// each test binary compiles only the functions its tests reach. The reference is compiled once
/// more for the candidate's tests, and most of that cost was code no test calls. Semantics do not
/// change; functions with an ABI or a symbol name of their own are left as they are.
struct Inline;

impl Inline {
    fn mark(attrs: &mut Vec<syn::Attribute>, signature: &syn::Signature) {
        let named = |attr: &syn::Attribute| {
            ["inline", "no_mangle", "export_name", "naked", "target_feature"]
                .iter()
                .any(|name| attr.path().is_ident(name))
                || attr.to_token_stream().to_string().contains("no_mangle")
        };
        if signature.abi.is_none() && !attrs.iter().any(named) {
            attrs.push(syn::parse_quote!(#[inline]));
        }
    }
}

impl VisitMut for Inline {
    fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
        Self::mark(&mut item.attrs, &item.sig);
    }
    fn visit_impl_item_fn_mut(&mut self, item: &mut syn::ImplItemFn) {
        Self::mark(&mut item.attrs, &item.sig);
    }
    fn visit_trait_item_fn_mut(&mut self, item: &mut syn::TraitItemFn) {
        if item.default.is_some() {
            Self::mark(&mut item.attrs, &item.sig);
        }
    }
}

/// Puts the arms into the bodies, in the order [`Bodies`] found them.
struct Rewrite {
    arms: Vec<Vec<(u64, TokenStream)>>,
    index: usize,
    error: Option<String>,
}

impl Rewrite {
    fn body(&mut self, signature: &syn::Signature, block: &mut syn::Block) {
        let arms = self.arms.get(self.index).cloned().unwrap_or_default();
        self.index += 1;
        if arms.is_empty() {
            return;
        }
        if signature.constness.is_some() {
            self.error =
                Some(format!("a chaff changes `const fn {}`, which cannot choose at run time", signature.ident));
            return;
        }
        let original = block.to_token_stream();
        let ids = arms.iter().map(|(id, _)| proc_macro2::Literal::u64_unsuffixed(*id));
        let bodies = arms.iter().map(|(_, body)| body);
        let chosen = quote! { { match crate::__grader_chaff::id() { #(#ids => #bodies,)* _ => #original } } };
        match syn::parse2::<syn::Block>(chosen) {
            Ok(new) => *block = new,
            Err(err) => self.error = Some(format!("cannot rewrite `{}`: {err}", signature.ident)),
        }
    }
}

impl VisitMut for Rewrite {
    fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
        self.body(&item.sig, &mut item.block);
    }
    fn visit_impl_item_fn_mut(&mut self, item: &mut syn::ImplItemFn) {
        self.body(&item.sig, &mut item.block);
    }
    fn visit_trait_item_fn_mut(&mut self, item: &mut syn::TraitItemFn) {
        if let Some(block) = &mut item.default {
            self.body(&item.sig, block);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(source: &str) -> FileTree {
        let mut tree = FileTree::new();
        tree.insert("src/lib.rs", source);
        tree
    }

    const REFERENCE: &str = "pub struct S;\nimpl S {\n    pub fn get(&self) -> u32 { 1 }\n}\n\
                             pub fn f(x: u32) -> bool { x < 3 }\npub fn g() -> u32 { 7 }\n";

    #[test]
    fn each_changed_body_becomes_a_match_on_the_chaff() {
        let first = tree(&REFERENCE.replace("x < 3", "x <= 3"));
        let second = tree(&REFERENCE.replace("x < 3", "x > 3").replace("{ 1 }", "{ 2 }"));
        let schema = schema(&tree(REFERENCE), &[(11, &first), (22, &second)]).expect("builds");
        let text = schema.files.text("src/lib.rs").expect("lib.rs");
        assert!(text.contains("11 => { x <= 3 }"), "{text}");
        assert!(text.contains("22 => { x > 3 }"), "{text}");
        assert!(text.contains("22 => { 2 }"), "{text}");
        assert!(!text.contains("11 => { 1 }"), "a body no chaff changes of that chaff keeps one arm: {text}");
        assert!(text.contains("pub fn g () -> u32 { 7 }"), "{text}");
        assert!(text.contains("pub mod __grader_chaff"), "{text}");
        syn::parse_file(text).expect("the schema parses");
    }

    #[test]
    fn a_chaff_that_changes_more_than_bodies_is_refused() {
        let signature = tree(&REFERENCE.replace("f(x: u32)", "f(x: u64)"));
        let err = schema(&tree(REFERENCE), &[(5, &signature)]).expect_err("refused");
        assert!(err.contains("outside function bodies"), "{err}");
        let item = tree(&format!("{REFERENCE}pub fn h() {{}}\n"));
        assert!(schema(&tree(REFERENCE), &[(5, &item)]).is_err());
        let constant = "pub const fn c() -> u32 { 1 }\n";
        let err = schema(&tree(constant), &[(5, &tree(&constant.replace("1", "2")))]).expect_err("refused");
        assert!(err.contains("const fn"), "{err}");
    }
}
