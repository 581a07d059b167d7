//! Syntax checks over a candidate's Rust source with `syn`: each finding is a habit the
//! compiler and tests cannot see (a `.clone()`, an `unwrap`, a `_` arm, an `unsafe` block without
//! a `// SAFETY:` comment…) at a line. Test code (`#[cfg(test)]` modules, `#[test]` functions) is
//! skipped: only what the candidate ships is judged. The main function is [`scan`].

use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// What a finding is. Red flags are defined over these kinds (see `catalog`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `.clone()`, `.to_owned()`, `.to_vec()`.
    Clone,
    /// `.to_string()`, `String::from`, `format!` building owned strings.
    ToString,
    /// A `String`, `&String` or `&Vec<_>` parameter where a slice would do.
    OwnedParam,
    /// `.unwrap()` or `.expect(…)`.
    Unwrap,
    /// `.collect()`.
    Collect,
    /// `Rc<RefCell<…>>`.
    RcRefCell,
    /// Any `RefCell`.
    RefCell,
    /// An `unsafe` block.
    UnsafeBlock,
    /// An `unsafe` block or impl with no `// SAFETY:` comment on or just above it.
    UnsafeWithoutSafety,
    /// `unsafe impl Send` / `unsafe impl Sync`.
    UnsafeSendSync,
    /// `transmute`.
    Transmute,
    /// A raw pointer type.
    RawPointer,
    /// A `_ =>` arm in a match over enum variants.
    WildcardArm,
    /// A struct field that is a fixed array of 16 or more elements, or sized by a constant.
    FixedArray,
    /// `thread::sleep` or `std::fs` inside `async` code.
    BlockingInAsync,
    /// `process::exit`/`abort`, `#[global_allocator]`, or reading the grader's variables.
    HarnessTampering,
    /// `#[allow(clippy::…)]`, `#[allow(warnings)]` and their inner forms.
    LintSilenced,
    /// `Result<_, String>` in a signature.
    StringError,
    /// `Box<dyn Error>` in a signature.
    BoxedError,
    /// A `Box<dyn …>` or `&dyn …` parameter.
    DynParam,
    /// Any `Box<dyn …>` type.
    BoxDyn,
    /// A `'static` lifetime in a signature.
    StaticLifetime,
    /// `Box::leak`.
    BoxLeak,
    /// A `match` arm `Err(e) => … Err(…)` that re-wraps an error by hand.
    ManualRewrap,
}

/// One place a kind was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub line: u32,
}

/// Smallest fixed array in a struct field that counts as a buffer.
const FIXED_ARRAY_MIN: u64 = 16;
/// How many lines above an `unsafe` block a `// SAFETY:` comment may stand.
const SAFETY_COMMENT_REACH: usize = 3;

/// Scans one file. A file that does not parse yields the parse error (the build reports it too).
pub fn scan(source: &str) -> Result<Vec<Finding>, syn::Error> {
    let file = syn::parse_file(source)?;
    // A bare `sleep(…)` is the blocking one only where `std::thread::sleep` was imported.
    let thread_sleep_imported = file.items.iter().any(|item| {
        matches!(item, syn::Item::Use(item) if { let text = token_text(item).replace(' ', ""); text.contains("thread::sleep") || text.contains("thread::{") && text.contains("sleep") })
    });
    let mut scanner =
        Scanner { lines: source.lines().collect(), findings: Vec::new(), async_depth: 0, thread_sleep_imported };
    scanner.visit_file(&file);
    Ok(scanner.findings)
}

struct Scanner<'a> {
    lines: Vec<&'a str>,
    findings: Vec<Finding>,
    async_depth: usize,
    thread_sleep_imported: bool,
}

fn line_of(span: Span) -> u32 {
    u32::try_from(span.start().line).unwrap_or(u32::MAX)
}

fn is_test_item(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("test")
            || (attr.path().is_ident("cfg") && token_text(&attr.meta).replace(' ', "").contains("(test)"))
    })
}

/// The tokens of a syn node as text, for attribute arguments and signatures.
fn token_text(node: &impl ToTokens) -> String {
    node.to_token_stream().to_string()
}

fn last_segment(path: &syn::Path) -> Option<String> {
    path.segments.last().map(|segment| segment.ident.to_string())
}

fn path_text(path: &syn::Path) -> String {
    path.segments.iter().map(|segment| segment.ident.to_string()).collect::<Vec<_>>().join("::")
}

/// The type arguments of the last path segment (`Rc<RefCell<T>>` → `[RefCell<T>]`).
fn type_arguments(path: &syn::Path) -> Vec<&syn::Type> {
    match path.segments.last().map(|segment| &segment.arguments) {
        Some(syn::PathArguments::AngleBracketed(arguments)) => arguments
            .args
            .iter()
            .filter_map(|argument| match argument {
                syn::GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn type_is(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(path) if last_segment(&path.path).as_deref() == Some(name))
}

fn is_dyn(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::TraitObject(_) => true,
        syn::Type::Reference(reference) => is_dyn(&reference.elem),
        syn::Type::Path(path) if last_segment(&path.path).as_deref() == Some("Box") => {
            type_arguments(&path.path).first().is_some_and(|inner| matches!(inner, syn::Type::TraitObject(_)))
        }
        syn::Type::Paren(inner) => is_dyn(&inner.elem),
        _ => false,
    }
}

fn is_boxed_error(ty: &syn::Type) -> bool {
    let text = token_text(ty).replace(' ', "");
    text.contains("Box<dynError")
        || text.contains("Box<dynstd::error::Error")
        || text.contains("Box<dyn::std::error::Error")
}

fn is_string_error(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) if last_segment(&path.path).as_deref() == Some("Result") => {
            type_arguments(&path.path).get(1).is_some_and(|error| type_is(error, "String"))
        }
        _ => false,
    }
}

/// Whether an expression builds an `Err(…)`, directly, via `return`, or as a block's value.
fn builds_err(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Call(call) => {
            matches!(&*call.func, syn::Expr::Path(path) if last_segment(&path.path).as_deref() == Some("Err"))
        }
        syn::Expr::Return(ret) => ret.expr.as_deref().is_some_and(builds_err),
        syn::Expr::Block(block) => block.block.stmts.iter().any(|stmt| match stmt {
            syn::Stmt::Expr(expr, _) => builds_err(expr),
            _ => false,
        }),
        _ => false,
    }
}

/// A pattern naming an enum variant (`Kind::Letter`, `Shape::Circle { .. }`), not `Some`/`Ok`.
fn is_variant_pattern(pat: &syn::Pat) -> bool {
    let path = match pat {
        syn::Pat::Path(path) => &path.path,
        syn::Pat::TupleStruct(tuple) => &tuple.path,
        syn::Pat::Struct(structure) => &structure.path,
        syn::Pat::Or(or) => return or.cases.iter().any(is_variant_pattern),
        _ => return false,
    };
    path.segments.len() >= 2
}

impl Scanner<'_> {
    fn push(&mut self, kind: Kind, span: Span) {
        self.findings.push(Finding { kind, line: line_of(span) });
    }

    fn has_safety_comment(&self, line: u32) -> bool {
        let index = (line as usize).saturating_sub(1);
        let first = index.saturating_sub(SAFETY_COMMENT_REACH);
        self.lines
            .get(first..=index.min(self.lines.len().saturating_sub(1)))
            .is_some_and(|lines| lines.iter().any(|text| text.contains("SAFETY:")))
    }

    fn check_signature(&mut self, sig: &syn::Signature) {
        for input in &sig.inputs {
            if let syn::FnArg::Typed(typed) = input {
                let ty = &*typed.ty;
                let owned = type_is(ty, "String")
                    || matches!(ty, syn::Type::Reference(reference) if type_is(&reference.elem, "String") || type_is(&reference.elem, "Vec"));
                if owned {
                    self.push(Kind::OwnedParam, typed.span());
                }
                if is_dyn(ty) {
                    self.push(Kind::DynParam, typed.span());
                }
            }
        }
        if let syn::ReturnType::Type(_, output) = &sig.output {
            if is_string_error(output) {
                self.push(Kind::StringError, output.span());
            }
            if is_boxed_error(output) {
                self.push(Kind::BoxedError, output.span());
            }
        }
        let text = token_text(sig);
        if text.contains("'static") {
            self.push(Kind::StaticLifetime, sig.span());
        }
    }
}

impl<'ast> Visit<'ast> for Scanner<'_> {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if !is_test_item(&module.attrs) {
            visit::visit_item_mod(self, module);
        }
    }

    fn visit_item_fn(&mut self, function: &'ast syn::ItemFn) {
        if is_test_item(&function.attrs) {
            return;
        }
        self.check_signature(&function.sig);
        let is_async = function.sig.asyncness.is_some();
        self.async_depth += usize::from(is_async);
        visit::visit_item_fn(self, function);
        self.async_depth -= usize::from(is_async);
    }

    fn visit_impl_item_fn(&mut self, function: &'ast syn::ImplItemFn) {
        if is_test_item(&function.attrs) {
            return;
        }
        self.check_signature(&function.sig);
        let is_async = function.sig.asyncness.is_some();
        self.async_depth += usize::from(is_async);
        visit::visit_impl_item_fn(self, function);
        self.async_depth -= usize::from(is_async);
    }

    fn visit_expr_async(&mut self, block: &'ast syn::ExprAsync) {
        self.async_depth += 1;
        visit::visit_expr_async(self, block);
        self.async_depth -= 1;
    }

    fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
        let is_async = closure.asyncness.is_some();
        self.async_depth += usize::from(is_async);
        visit::visit_expr_closure(self, closure);
        self.async_depth -= usize::from(is_async);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let kind = match call.method.to_string().as_str() {
            "clone" | "to_owned" | "to_vec" => Some(Kind::Clone),
            "to_string" => Some(Kind::ToString),
            "unwrap" | "expect" => Some(Kind::Unwrap),
            "collect" => Some(Kind::Collect),
            _ => None,
        };
        if let Some(kind) = kind {
            self.push(kind, call.method.span());
        }
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(path) = &*call.func {
            let text = path_text(&path.path);
            let last = last_segment(&path.path).unwrap_or_default();
            if (text.ends_with("process::exit") || text.ends_with("process::abort")) || text == "exit" {
                self.push(Kind::HarnessTampering, call.span());
            }
            if last == "transmute" {
                self.push(Kind::Transmute, call.span());
            }
            if text.ends_with("Box::leak") {
                self.push(Kind::BoxLeak, call.span());
            }
            if text == "String::from" {
                self.push(Kind::ToString, call.span());
            }
            let blocking = text.ends_with("thread::sleep")
                || text.contains("fs::")
                || (text == "sleep" && self.thread_sleep_imported);
            if blocking && self.async_depth > 0 {
                self.push(Kind::BlockingInAsync, call.span());
            }
        }
        visit::visit_expr_call(self, call);
    }

    fn visit_expr_unsafe(&mut self, block: &'ast syn::ExprUnsafe) {
        let line = line_of(block.unsafe_token.span);
        self.push(Kind::UnsafeBlock, block.unsafe_token.span);
        if !self.has_safety_comment(line) {
            self.push(Kind::UnsafeWithoutSafety, block.unsafe_token.span);
        }
        visit::visit_expr_unsafe(self, block);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if let Some(unsafety) = &item.unsafety {
            let line = line_of(unsafety.span);
            let trait_name = item.trait_.as_ref().and_then(|(_, path, _)| last_segment(path)).unwrap_or_default();
            if trait_name == "Send" || trait_name == "Sync" {
                self.push(Kind::UnsafeSendSync, unsafety.span);
            }
            if !self.has_safety_comment(line) {
                self.push(Kind::UnsafeWithoutSafety, unsafety.span);
            }
        }
        if !is_test_item(&item.attrs) {
            visit::visit_item_impl(self, item);
        }
    }

    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        let over_variants = expr.arms.iter().any(|arm| is_variant_pattern(&arm.pat));
        for arm in &expr.arms {
            if over_variants && matches!(arm.pat, syn::Pat::Wild(_)) && arm.guard.is_none() {
                self.push(Kind::WildcardArm, arm.pat.span());
            }
            if let syn::Pat::TupleStruct(tuple) = &arm.pat {
                if last_segment(&tuple.path).as_deref() == Some("Err") && builds_err(&arm.body) {
                    self.push(Kind::ManualRewrap, arm.pat.span());
                }
            }
        }
        visit::visit_expr_match(self, expr);
    }

    fn visit_type(&mut self, ty: &'ast syn::Type) {
        match ty {
            syn::Type::Path(path) => match last_segment(&path.path).as_deref() {
                Some("Rc") if type_arguments(&path.path).first().is_some_and(|inner| type_is(inner, "RefCell")) => {
                    self.push(Kind::RcRefCell, ty.span());
                }
                Some("RefCell") => self.push(Kind::RefCell, ty.span()),
                Some("Box")
                    if type_arguments(&path.path)
                        .first()
                        .is_some_and(|inner| matches!(inner, syn::Type::TraitObject(_))) =>
                {
                    self.push(Kind::BoxDyn, ty.span());
                }
                _ => {}
            },
            syn::Type::Ptr(_) => self.push(Kind::RawPointer, ty.span()),
            _ => {}
        }
        visit::visit_type(self, ty);
    }

    fn visit_field(&mut self, field: &'ast syn::Field) {
        if let syn::Type::Array(array) = &field.ty {
            let buffer_sized = match &array.len {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(length), .. }) => {
                    length.base10_parse::<u64>().is_ok_and(|length| length >= FIXED_ARRAY_MIN)
                }
                // A named capacity (`[u32; MAX_PAGES]`) is a buffer by intent.
                _ => true,
            };
            if buffer_sized {
                self.push(Kind::FixedArray, field.span());
            }
        }
        visit::visit_field(self, field);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if attr.path().is_ident("global_allocator") {
            self.push(Kind::HarnessTampering, attr.span());
        }
        if attr.path().is_ident("allow") || attr.path().is_ident("expect") {
            let text = token_text(&attr.meta).replace(' ', "");
            if text.contains("clippy") || text.contains("(warnings") || text.contains(",warnings") {
                self.push(Kind::LintSilenced, attr.span());
            }
        }
        visit::visit_attribute(self, attr);
    }

    fn visit_lit_str(&mut self, literal: &'ast syn::LitStr) {
        if literal.value().contains("GRADER_") {
            self.push(Kind::HarnessTampering, literal.span());
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac.path.is_ident("format") {
            self.push(Kind::ToString, mac.span());
        }
        // Macro bodies are opaque to syn; most (`vec!`, `format!`, `assert!`, `println!`) are
        // comma-separated expressions, so look inside those.
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(arguments) = mac.parse_body_with(parser) {
            for argument in &arguments {
                self.visit_expr(argument);
            }
        }
        visit::visit_macro(self, mac);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kinds found in `source`, with their lines.
    fn found(source: &str) -> Vec<(Kind, u32)> {
        scan(source).expect("parses").into_iter().map(|finding| (finding.kind, finding.line)).collect()
    }

    fn kinds(source: &str) -> Vec<Kind> {
        found(source).into_iter().map(|(kind, _)| kind).collect()
    }

    #[test]
    fn clones_and_owned_strings_are_found_at_their_line() {
        let source = "fn f(v: &[String]) -> Vec<String> {\n    let a = v.to_vec();\n    let b = a[0].clone();\n    vec![b.to_string()]\n}\n";
        assert_eq!(found(source), [(Kind::Clone, 2), (Kind::Clone, 3), (Kind::ToString, 4)]);
        assert!(kinds("fn f(v: &[u8]) -> usize { v.len() }").is_empty());
    }

    #[test]
    fn owned_parameters_are_found_but_slices_are_not() {
        assert_eq!(kinds("fn a(s: String) {}"), [Kind::OwnedParam]);
        assert_eq!(kinds("fn b(s: &String, v: &Vec<u8>) {}"), [Kind::OwnedParam, Kind::OwnedParam]);
        assert!(kinds("fn c(s: &str, v: &[u8]) {}").is_empty());
    }

    #[test]
    fn unwraps_and_collects_are_counted_outside_tests_only() {
        let source = "fn f(x: Option<u8>) -> u8 { x.unwrap() }\n#[cfg(test)]\nmod tests { fn g() { Some(1).unwrap(); } }\n#[test]\nfn t() { None::<u8>.expect(\"x\"); }\n";
        assert_eq!(kinds(source), [Kind::Unwrap]);
        assert_eq!(kinds("fn f(v: &[u8]) -> Vec<u8> { v.iter().copied().collect() }"), [Kind::Collect]);
        assert!(kinds("fn f(x: Option<u8>) -> u8 { x.unwrap_or(0) }").is_empty());
    }

    #[test]
    fn a_wildcard_arm_over_enum_variants_is_found_but_not_over_values() {
        let over_variants = "fn f(k: Kind) -> u8 {\n    match k {\n        Kind::A => 1,\n        _ => 2,\n    }\n}\n";
        assert_eq!(found(over_variants), [(Kind::WildcardArm, 4)]);
        let over_numbers = "fn f(n: u8) -> u8 { match n { 0 => 1, _ => 2 } }";
        assert!(kinds(over_numbers).is_empty());
        let exhaustive = "fn f(k: Kind) -> u8 { match k { Kind::A => 1, Kind::B => 2 } }";
        assert!(kinds(exhaustive).is_empty());
    }

    #[test]
    fn unsafe_needs_a_safety_comment_and_send_sync_impls_are_named() {
        let documented = "fn f(p: *const u8) -> u8 {\n    // SAFETY: p is valid for reads.\n    unsafe { *p }\n}\n";
        assert_eq!(kinds(documented), [Kind::RawPointer, Kind::UnsafeBlock]);
        let bare = "fn f(p: *const u8) -> u8 { unsafe { *p } }\nstruct S;\nunsafe impl Sync for S {}\n";
        assert_eq!(
            kinds(bare),
            [
                Kind::RawPointer,
                Kind::UnsafeBlock,
                Kind::UnsafeWithoutSafety,
                Kind::UnsafeSendSync,
                Kind::UnsafeWithoutSafety
            ]
        );
        let transmute = "fn f(x: u32) -> f32 { unsafe { std::mem::transmute(x) } }";
        assert!(kinds(transmute).contains(&Kind::Transmute));
    }

    #[test]
    fn rc_refcell_and_refcell_are_counted() {
        assert_eq!(kinds("struct N { next: Option<Rc<RefCell<N>>> }"), [Kind::RcRefCell, Kind::RefCell]);
        assert_eq!(kinds("struct C { n: RefCell<u8> }"), [Kind::RefCell]);
        assert!(kinds("struct A { n: Rc<u8>, m: Cell<u8> }").is_empty());
    }

    #[test]
    fn error_shapes_in_signatures_are_found() {
        assert_eq!(kinds("pub fn f() -> Result<u8, String> { Ok(1) }"), [Kind::StringError]);
        assert_eq!(
            kinds("pub fn f() -> Result<u8, Box<dyn std::error::Error>> { Ok(1) }"),
            [Kind::BoxedError, Kind::BoxDyn]
        );
        assert!(kinds("pub fn f() -> Result<u8, ParseError> { Ok(1) }").is_empty());
    }

    #[test]
    fn manual_rewrapping_is_found_but_question_marks_are_not() {
        let manual = "fn f(s: &str) -> Result<u8, E> {\n    match s.parse() {\n        Ok(n) => Ok(n),\n        Err(e) => return Err(E::Parse(e)),\n    }\n}\n";
        assert_eq!(found(manual), [(Kind::ManualRewrap, 4)]);
        assert!(kinds("fn f(s: &str) -> Result<u8, E> { Ok(s.parse()?) }").is_empty());
    }

    #[test]
    fn trait_objects_in_parameters_are_found_but_generics_are_not() {
        assert_eq!(kinds("fn f(s: &dyn Shape) {}"), [Kind::DynParam]);
        assert_eq!(kinds("fn f(s: Box<dyn Shape>) {}"), [Kind::DynParam, Kind::BoxDyn]);
        assert!(kinds("fn f<S: Shape + ?Sized>(s: &S) {}").is_empty());
    }

    #[test]
    fn fixed_arrays_in_fields_are_buffers_when_large_or_named() {
        assert_eq!(kinds("struct H { pages: [u32; 64] }"), [Kind::FixedArray]);
        assert_eq!(kinds("struct H { pages: [u32; MAX] }"), [Kind::FixedArray]);
        assert!(kinds("struct P { xy: [f32; 2] }").is_empty());
    }

    #[test]
    fn blocking_calls_count_only_inside_async_code() {
        let blocking = "async fn f() { std::thread::sleep(d); }";
        assert_eq!(kinds(blocking), [Kind::BlockingInAsync]);
        assert!(kinds("fn f() { std::thread::sleep(d); }").is_empty());
        assert_eq!(kinds("fn f() { let _ = async { std::fs::read(\"x\") }; }"), [Kind::BlockingInAsync]);
        assert_eq!(kinds("use std::thread::sleep;\nasync fn f() { sleep(d); }"), [Kind::BlockingInAsync]);
        assert!(kinds("use runtime::sleep;\nasync fn f() { sleep(3).await; }").is_empty());
    }

    #[test]
    fn silenced_lints_and_harness_tampering_are_found() {
        assert_eq!(kinds("#![allow(clippy::unwrap_used)]\nfn f() {}"), [Kind::LintSilenced]);
        assert_eq!(kinds("#[allow(warnings)]\nfn f() {}"), [Kind::LintSilenced]);
        assert!(kinds("#[allow(dead_code)]\nfn f() {}").is_empty());
        assert_eq!(kinds("fn f() { std::process::exit(0) }"), [Kind::HarnessTampering]);
        assert_eq!(kinds("fn f() { let _ = std::env::var(\"GRADER_MEASURE_FILE\"); }"), [Kind::HarnessTampering]);
        assert_eq!(kinds("#[global_allocator]\nstatic A: System = System;"), [Kind::HarnessTampering]);
    }

    #[test]
    fn static_lifetimes_and_leaks_are_found() {
        assert_eq!(
            kinds("fn f(s: &str) -> &'static str { Box::leak(s.into()) }"),
            [Kind::StaticLifetime, Kind::BoxLeak]
        );
        assert!(kinds("fn f<'a>(s: &'a str) -> &'a str { s }").is_empty());
    }
}
