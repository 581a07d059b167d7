//! Syntax checks over a candidate's Rust source with `syn`: each finding is a habit the
//! compiler and tests cannot see (a `.clone()`, an `unwrap`, a `_` arm, an `unsafe` block without
//! a `// SAFETY:` comment…) at a line. Test code (`#[cfg(test)]` modules, `#[test]` functions) is
//! skipped: only what the candidate ships is judged. The main function is [`scan`].

use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// What a finding is. Red flags are defined over these kinds (see `catalog`); copies,
/// collections and owned parameters are judged by [`super::flow`] instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A panic on a path the caller can reach: `.unwrap()`, `.expect(…)`, `panic!`,
    /// `unreachable!`, `todo!`, `unimplemented!` (without a comment stating the invariant).
    Panic,
    /// `Rc<RefCell<…>>`, as a type or built as `Rc::new(RefCell::new(…))`.
    RcRefCell,
    /// A `RefCell` or `Cell` in a struct field.
    RefCell,
    /// An `unsafe` block.
    UnsafeBlock,
    /// An `unsafe` block or impl with no `// SAFETY:` comment on or just above it.
    UnsafeWithoutSafety,
    /// `unsafe impl Send` / `unsafe impl Sync`.
    UnsafeSendSync,
    /// `transmute`.
    Transmute,
    /// A reference cast to a raw pointer, or a `*const` cast to `*mut`: the usual way to dodge a
    /// borrow or a lifetime.
    PointerCast,
    /// A `_ =>` arm in a match over enum variants.
    WildcardArm,
    /// A binding arm (`other =>`) that catches every remaining variant of a match over variants.
    CatchAllBinding,
    /// An `if`/`else if` chain testing enum variants, with an `else` that catches the rest.
    FallbackChain,
    /// A struct field that holds a fixed array of 16 or more elements, or one sized by a constant
    /// (also inside a `Box` or `Option`), or a boxed slice (`Box<[T]>`, which cannot grow either);
    /// and the definition of the constant that sizes such an array (the guessed capacity).
    FixedArray,
    /// A `vec![x; n]` stored in a struct field next to a `usize` length counter field (`len`,
    /// `count`, `size`): an array emulated with a `Vec`, which already knows its own length.
    PresizedVec,
    /// `thread::sleep` or `std::fs` inside `async` code.
    BlockingInAsync,
    /// `process::exit`/`abort`, `#[global_allocator]`, or reading the grader's variables.
    HarnessTampering,
    /// `#[allow(clippy::…)]`, `#[allow(warnings)]` and their inner forms.
    LintSilenced,
    /// `Result<_, String>` (or `&str`) in a signature.
    StringError,
    /// `Box<dyn Error>` in a signature.
    BoxedError,
    /// A `Box<dyn …>` or `&dyn …` parameter.
    DynParam,
    /// Any `Box<dyn …>` type.
    BoxDyn,
    /// A generic function whose type parameter is bounded by a trait `Tr` and that returns
    /// `dyn Tr` (`&dyn Tr`, `Box<dyn Tr>`, `Vec<&dyn Tr>`): it erases its own type parameter.
    ErasedGeneric,
    /// A `'static` lifetime in a signature.
    StaticLifetime,
    /// `Box::leak`.
    BoxLeak,
    /// `?` written by hand: `Err(e) => return Err(…)`, or `if let Err(e) = … { return Err(…) }`.
    ManualRewrap,
    /// `map_err` written by hand: a match whose `Err(e)` arm builds another `Err(…)` as its value.
    ManualMapErr,
    /// A `match` that rebuilds its scrutinee unchanged (`Ok(v) => Ok(v), Err(e) => Err(e)`, or
    /// `Some(v) => Some(v), None => None`): the match does nothing.
    IdentityMatch,
    /// An error told apart by its message text (`Err(e) => if e.starts_with("missing") { … }`,
    /// `e.to_string() == "…"`): the wording of a message decides which error it becomes.
    MessageDispatch,
    /// `.ok_or(…)?` written by hand twice over: a `match` on an `Option` whose `None` arm builds an
    /// `Err(…)`, nested in the `Some` arm of another such match.
    NestedOkOr,
    /// A lifetime parameter that only the output names: a reference bound to nothing the caller
    /// passed, which only `unsafe` code can produce.
    UnboundLifetime,
    /// Interior mutability where it cannot be what the design needs: a `RefCell`/`Cell` inside a
    /// lock or an `Arc`, a `RefCell` around a plain number, a `RefCell` local to one function.
    NeedlessCell,
    /// `try_borrow`/`try_borrow_mut`: run-time borrow failures treated as normal flow.
    TryBorrow,
}

/// One place a kind was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub line: u32,
    /// The construct's tokens as text (a type, an unsafe block, an impl header): a finding with
    /// the same kind and signature as one of the reference solution's is the reference's own.
    pub signature: String,
    /// The last line of the construct (an `if` chain spans several).
    pub end_line: u32,
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
    let mut scanner = Scanner {
        lines: source.lines().collect(),
        findings: Vec::new(),
        async_depth: 0,
        thread_sleep_imported,
        in_else_chain: false,
        statement: None,
        in_future_impl: false,
        own_enums: file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Enum(item) => Some(item.ident.to_string()),
                _ => None,
            })
            .collect(),
        unsafely_shared: file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(item) if item.unsafety.is_some() => match &*item.self_ty {
                    syn::Type::Path(path) => last_segment(&path.path),
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        items: Items::of(&file),
        array_lengths: Vec::new(),
        impl_self: Vec::new(),
    };
    scanner.visit_file(&file);
    // The constant that sizes a fixed buffer is where the capacity was guessed.
    let mut sizing: Vec<&String> = scanner.array_lengths.iter().collect();
    sizing.sort();
    sizing.dedup();
    for name in sizing {
        if let Some((line, signature)) = scanner.items.consts.get(name) {
            scanner.findings.push(Finding {
                kind: Kind::FixedArray,
                line: *line,
                signature: signature.clone(),
                end_line: *line,
            });
        }
    }
    Ok(scanner.findings)
}

/// What a file declares, outside test code: its constants (line and tokens) and its structs'
/// fields (name and type, as text without spaces).
#[derive(Default)]
struct Items {
    consts: std::collections::BTreeMap<String, (u32, String)>,
    structs: std::collections::BTreeMap<String, Vec<(String, String)>>,
}

impl Items {
    fn of(file: &syn::File) -> Items {
        let mut items = Items::default();
        items.visit_file(file);
        items
    }
}

impl<'ast> Visit<'ast> for Items {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if !is_test_item(&module.attrs) {
            visit::visit_item_mod(self, module);
        }
    }
    fn visit_item_fn(&mut self, _: &'ast syn::ItemFn) {}
    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        self.consts.insert(item.ident.to_string(), (line_of(item.ident.span()), token_text(item)));
    }
    fn visit_impl_item_const(&mut self, item: &'ast syn::ImplItemConst) {
        self.consts.insert(item.ident.to_string(), (line_of(item.ident.span()), token_text(item)));
    }
    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        let fields = item
            .fields
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let name = field.ident.as_ref().map_or_else(|| index.to_string(), ToString::to_string);
                (name, token_text(&field.ty).replace(' ', ""))
            })
            .collect();
        self.structs.insert(item.ident.to_string(), fields);
    }
}

struct Scanner<'a> {
    lines: Vec<&'a str>,
    findings: Vec<Finding>,
    async_depth: usize,
    thread_sleep_imported: bool,
    /// Visiting the `else if` of a chain already judged as a whole.
    in_else_chain: bool,
    /// The lines of the statement being visited: a panic's evidence is its whole statement.
    statement: Option<(u32, u32)>,
    /// Visiting an `impl Future for …`.
    in_future_impl: bool,
    /// The enums this file declares.
    own_enums: Vec<String>,
    /// The structs this file implements `Send` or `Sync` for with `unsafe impl`.
    unsafely_shared: Vec<String>,
    /// The constants and structs this file declares.
    items: Items,
    /// The names in the lengths of the fixed arrays found in fields.
    array_lengths: Vec<String>,
    /// The type of each `impl` being visited (what `Self` names).
    impl_self: Vec<String>,
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

/// Whether an expression returns an `Err(…)` early (`return Err(…)`, directly or in a block).
fn returns_err(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Return(ret) => ret.expr.as_deref().is_some_and(builds_err),
        syn::Expr::Block(block) => block.block.stmts.iter().any(|stmt| match stmt {
            syn::Stmt::Expr(expr, _) => returns_err(expr),
            _ => false,
        }),
        _ => false,
    }
}

/// The name a pattern of one constructor binds (`Ok(v)` gives `("Ok", Some("v"))`, `None` gives
/// `("None", None)`).
fn constructor_pattern(pat: &syn::Pat) -> Option<(String, Option<String>)> {
    match pat {
        syn::Pat::TupleStruct(tuple) if tuple.elems.len() == 1 => match tuple.elems.first() {
            Some(syn::Pat::Ident(ident)) if ident.subpat.is_none() && ident.by_ref.is_none() => {
                Some((last_segment(&tuple.path)?, Some(ident.ident.to_string())))
            }
            _ => None,
        },
        syn::Pat::Ident(ident) if ident.ident == "None" => Some(("None".to_owned(), None)),
        syn::Pat::Path(path) if last_segment(&path.path).as_deref() == Some("None") => Some(("None".to_owned(), None)),
        _ => None,
    }
}

/// The constructor an expression builds from one binding (`Ok(v)` gives `("Ok", Some("v"))`).
fn constructor_expr(expr: &syn::Expr) -> Option<(String, Option<String>)> {
    match expr {
        syn::Expr::Call(call) if call.args.len() == 1 => {
            let syn::Expr::Path(func) = &*call.func else { return None };
            let Some(syn::Expr::Path(argument)) = call.args.first() else { return None };
            Some((last_segment(&func.path)?, Some(argument.path.get_ident()?.to_string())))
        }
        syn::Expr::Path(path) if last_segment(&path.path).as_deref() == Some("None") => Some(("None".to_owned(), None)),
        syn::Expr::Block(block) if block.block.stmts.len() == 1 => match block.block.stmts.first() {
            Some(syn::Stmt::Expr(inner, None)) => constructor_expr(inner),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a `match` over a `Result` or an `Option` gives back each variant as it found it.
fn is_identity_match(expr: &syn::ExprMatch) -> bool {
    let mut names: Vec<String> = Vec::new();
    for arm in &expr.arms {
        if arm.guard.is_some() {
            return false;
        }
        let (Some(pattern), Some(body)) = (constructor_pattern(&arm.pat), constructor_expr(&arm.body)) else {
            return false;
        };
        if pattern != body {
            return false;
        }
        names.push(pattern.0);
    }
    names.sort();
    names == ["Err", "Ok"] || names == ["None", "Some"]
}

/// The name `Err(name)` binds.
fn err_binding(pat: &syn::Pat) -> Option<String> {
    let syn::Pat::TupleStruct(tuple) = pat else { return None };
    if last_segment(&tuple.path).as_deref() != Some("Err") || tuple.elems.len() != 1 {
        return None;
    }
    match tuple.elems.first() {
        Some(syn::Pat::Ident(ident)) if ident.subpat.is_none() => Some(ident.ident.to_string()),
        _ => None,
    }
}

/// Whether `expr` is the text of the error `name` (`name`, `name.to_string()`, `name.as_str()`,
/// `&*name`, `name.message`…).
fn is_error_text(expr: &syn::Expr, name: &str) -> bool {
    match expr {
        syn::Expr::Path(path) => path.path.is_ident(name),
        syn::Expr::MethodCall(call) => {
            matches!(
                call.method.to_string().as_str(),
                "to_string" | "as_str" | "as_ref" | "to_lowercase" | "to_ascii_lowercase" | "trim"
            ) && is_error_text(&call.receiver, name)
        }
        syn::Expr::Field(field) => is_error_text(&field.base, name),
        syn::Expr::Reference(reference) => is_error_text(&reference.expr, name),
        syn::Expr::Unary(unary) => is_error_text(&unary.expr, name),
        syn::Expr::Paren(paren) => is_error_text(&paren.expr, name),
        _ => false,
    }
}

fn is_str_literal(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(_), .. }) => true,
        syn::Expr::Reference(reference) => is_str_literal(&reference.expr),
        _ => false,
    }
}

/// Whether a condition compares the text of the error `name` with a string literal.
fn tests_message(cond: &syn::Expr, name: &str) -> bool {
    match cond {
        syn::Expr::MethodCall(call) => {
            matches!(call.method.to_string().as_str(), "starts_with" | "ends_with" | "contains" | "eq" | "ne")
                && is_error_text(&call.receiver, name)
                && call.args.iter().any(is_str_literal)
        }
        syn::Expr::Binary(binary) => match binary.op {
            syn::BinOp::Eq(_) | syn::BinOp::Ne(_) => {
                (is_error_text(&binary.left, name) && is_str_literal(&binary.right))
                    || (is_error_text(&binary.right, name) && is_str_literal(&binary.left))
            }
            syn::BinOp::And(_) | syn::BinOp::Or(_) => {
                tests_message(&binary.left, name) || tests_message(&binary.right, name)
            }
            _ => false,
        },
        syn::Expr::Unary(unary) => tests_message(&unary.expr, name),
        syn::Expr::Paren(paren) => tests_message(&paren.expr, name),
        _ => false,
    }
}

/// The lines (first, last) of the first `if` chain or `match` in `body` that tells the error
/// `name` apart by its text.
fn message_dispatch(body: &syn::Expr, name: &str) -> Option<(u32, u32)> {
    let mut dispatch = Dispatch { name, found: None };
    dispatch.visit_expr(body);
    dispatch.found
}

/// Looks for the first `if` chain or `match` that tells the error `name` apart by its text.
struct Dispatch<'n> {
    name: &'n str,
    found: Option<(u32, u32)>,
}

impl<'ast> Visit<'ast> for Dispatch<'_> {
    fn visit_expr_if(&mut self, expr: &'ast syn::ExprIf) {
        if self.found.is_some() {
            return;
        }
        let mut link = Some(expr);
        let mut tested = false;
        while let Some(current) = link {
            tested |= tests_message(&current.cond, self.name);
            link = match current.else_branch.as_ref().map(|(_, otherwise)| &**otherwise) {
                Some(syn::Expr::If(inner)) => Some(inner),
                _ => None,
            };
        }
        if tested {
            let line = line_of(expr.if_token.span);
            self.found = Some((line, u32::try_from(expr.span().end().line).unwrap_or(line)));
        } else {
            visit::visit_expr_if(self, expr);
        }
    }
    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        if self.found.is_some() {
            return;
        }
        let literal_arms = expr.arms.iter().any(|arm| matches!(&arm.pat, syn::Pat::Lit(_)));
        if literal_arms && is_error_text(&expr.expr, self.name) {
            let line = line_of(expr.match_token.span);
            self.found = Some((line, u32::try_from(expr.span().end().line).unwrap_or(line)));
        } else {
            visit::visit_expr_match(self, expr);
        }
    }
}

/// Whether a `match` has a `None` arm that builds an `Err(…)` (returned or as its value).
fn none_arm_builds_err(expr: &syn::ExprMatch) -> bool {
    expr.arms.iter().any(|arm| {
        arm.guard.is_none()
            && matches!(constructor_pattern(&arm.pat), Some((name, None)) if name == "None")
            && builds_err(&arm.body)
    })
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
        self.findings.push(Finding { kind, line: line_of(span), signature: String::new(), end_line: line_of(span) });
    }

    /// A panic, shown with the whole statement it is in.
    fn push_panic(&mut self, span: Span) {
        let line = line_of(span);
        let (first, last) = self.statement.unwrap_or((line, line));
        self.findings.push(Finding {
            kind: Kind::Panic,
            line: first.min(line),
            signature: String::new(),
            end_line: last.max(line),
        });
    }

    fn push_signed(&mut self, kind: Kind, span: Span, node: &impl ToTokens) {
        self.findings.push(Finding { kind, line: line_of(span), signature: token_text(node), end_line: line_of(span) });
    }

    /// Whether a comment on the line of `line`, or the one above, states the invariant that makes a
    /// panic there unreachable.
    fn states_invariant_near(&self, line: u32) -> bool {
        let index = (line as usize).saturating_sub(1);
        [index.checked_sub(1), Some(index)]
            .into_iter()
            .flatten()
            .filter_map(|index| self.lines.get(index))
            .filter_map(|text| text.split_once("//").map(|(_, comment)| comment))
            .any(states_invariant)
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
                if is_dyn(ty) {
                    self.push_signed(Kind::DynParam, typed.span(), ty);
                }
            }
        }
        if let syn::ReturnType::Type(_, output) = &sig.output {
            if is_string_error(output) {
                self.push_signed(Kind::StringError, output.span(), output);
            }
            if is_boxed_error(output) {
                self.push_signed(Kind::BoxedError, output.span(), output);
            }
        }
        if let syn::ReturnType::Type(_, output) = &sig.output {
            let bounds = generic_bounds(sig);
            if trait_objects_in(output).iter().any(|object| bounds.contains(object)) {
                self.push_signed(Kind::ErasedGeneric, sig.span(), sig);
            }
        }
        let text = token_text(sig);
        if text.contains("'static") {
            self.push_signed(Kind::StaticLifetime, sig.span(), sig);
        }
        if let syn::ReturnType::Type(_, output) = &sig.output {
            let inputs = token_text(&sig.inputs);
            let output = token_text(output);
            for lifetime in sig.generics.lifetimes() {
                let name = lifetime.lifetime.to_string();
                let bounds = token_text(&sig.generics.where_clause);
                if output.contains(&name) && !inputs.contains(&name) && !bounds.contains(&name) {
                    self.push_signed(Kind::UnboundLifetime, sig.span(), sig);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Scanner<'_> {
    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        let span = stmt.span();
        let outer = self.statement;
        // The outermost statement of a function is what a reader points at (a `let … else`).
        if outer.is_none() || matches!(stmt, syn::Stmt::Local(_)) {
            self.statement = Some((line_of(span), u32::try_from(span.end().line).unwrap_or(u32::MAX)));
        }
        visit::visit_stmt(self, stmt);
        self.statement = outer;
    }

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
        // `poll` of a hand-written future runs on the executor just like an `async fn`.
        let is_async = function.sig.asyncness.is_some() || (function.sig.ident == "poll" && self.in_future_impl);
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
        let method = call.method.to_string();
        if matches!(method.as_str(), "try_borrow" | "try_borrow_mut") {
            self.push(Kind::TryBorrow, call.method.span());
        }
        if matches!(method.as_str(), "unwrap" | "expect" | "unwrap_err" | "expect_err")
            && !self.states_invariant_near(line_of(call.method.span()))
        {
            // A poisoned lock re-raises another thread's panic: `lock().unwrap()` is the idiom (the
            // standard library's own examples use it), and so is `join().unwrap()` for a thread's
            // panic. Only the argument-less calls: `read(&mut buf)` is I/O, whose error is real.
            let on_lock = matches!(method.as_str(), "unwrap" | "expect")
                && matches!(&*call.receiver, syn::Expr::MethodCall(inner)
                    if inner.args.is_empty()
                        && matches!(inner.method.to_string().as_str(), "lock" | "read" | "write" | "join"));
            // An `expect` whose message states the invariant is a documented one.
            let stated = call.args.first().is_some_and(|message| {
                matches!(message, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) if states_invariant(&text.value()))
            });
            if !on_lock && !stated {
                self.push_panic(call.method.span());
            }
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
                self.push_signed(Kind::Transmute, call.span(), call);
            }
            if text.ends_with("Box::leak") {
                self.push(Kind::BoxLeak, call.span());
            }
            if text.ends_with("Rc::new") {
                let inner = call.args.first().and_then(|argument| match argument {
                    syn::Expr::Call(inner) => match &*inner.func {
                        syn::Expr::Path(path) => last_segment(&path.path),
                        _ => None,
                    },
                    _ => None,
                });
                if inner.as_deref() == Some("new")
                    && token_text(&call.args).replace(' ', "").starts_with("RefCell::new")
                {
                    self.push_signed(Kind::RcRefCell, call.span(), call);
                }
            }
            let blocking = text.ends_with("thread::sleep")
                || text.ends_with("thread::yield_now")
                || text.contains("fs::")
                || (text == "sleep" && self.thread_sleep_imported);
            if blocking && self.async_depth > 0 {
                self.push(Kind::BlockingInAsync, call.span());
            }
        }
        visit::visit_expr_call(self, call);
    }

    fn visit_expr_index(&mut self, index: &'ast syn::ExprIndex) {
        // `map[&key]` panics when the key is missing (slices are indexed by position, not `&`).
        if matches!(&*index.index, syn::Expr::Reference(_)) && !self.states_invariant_near(line_of(index.span())) {
            self.push_panic(index.span());
        }
        visit::visit_expr_index(self, index);
    }

    fn visit_expr_cast(&mut self, cast: &'ast syn::ExprCast) {
        if let syn::Type::Ptr(pointer) = &*cast.ty {
            // A reference, `self` or a field of it cast to a raw pointer; an address (a cast to an
            // integer) cast back. A pointer a method or the allocator returned is not judged.
            let from_reference = match &*cast.expr {
                syn::Expr::Reference(_) => true,
                syn::Expr::Path(path) => path.path.is_ident("self"),
                syn::Expr::Paren(paren) => matches!(&*paren.expr, syn::Expr::Reference(_)),
                syn::Expr::Cast(inner) => matches!(&*inner.ty, syn::Type::Path(path) if path.path.is_ident("usize")),
                // `as_ptr()` gives a pointer for reading; writing through it needs `as_mut_ptr()`.
                syn::Expr::MethodCall(call) => call.method == "as_ptr" && pointer.mutability.is_some(),
                _ => false,
            };
            let const_to_mut = pointer.mutability.is_some()
                && matches!(&*cast.expr, syn::Expr::Cast(inner) if matches!(&*inner.ty, syn::Type::Ptr(p) if p.const_token.is_some()));
            if from_reference || const_to_mut {
                self.push_signed(Kind::PointerCast, cast.span(), cast);
            }
        }
        // A pointer turned into a number (to smuggle it past `Send`, or back again).
        let to_integer = matches!(&*cast.ty, syn::Type::Path(path) if path.path.is_ident("usize"));
        let from_pointer = token_text(&cast.expr).replace(' ', "").contains("as_ptr(");
        if to_integer && from_pointer {
            self.push_signed(Kind::PointerCast, cast.span(), cast);
        }
        visit::visit_expr_cast(self, cast);
    }

    fn visit_expr_unsafe(&mut self, block: &'ast syn::ExprUnsafe) {
        let line = line_of(block.unsafe_token.span);
        self.push_signed(Kind::UnsafeBlock, block.unsafe_token.span, block);
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
                let header = format!("{} {} for {}", token_text(&item.generics), trait_name, token_text(&item.self_ty));
                self.findings.push(Finding { kind: Kind::UnsafeSendSync, line, signature: header, end_line: line });
            }
            if !self.has_safety_comment(line) {
                self.push(Kind::UnsafeWithoutSafety, unsafety.span);
            }
        }
        if !is_test_item(&item.attrs) {
            let future = item.trait_.as_ref().and_then(|(_, path, _)| last_segment(path)).as_deref() == Some("Future");
            let outer = std::mem::replace(&mut self.in_future_impl, future);
            let self_name = match &*item.self_ty {
                syn::Type::Path(path) => last_segment(&path.path).unwrap_or_default(),
                _ => String::new(),
            };
            self.impl_self.push(self_name);
            visit::visit_item_impl(self, item);
            self.impl_self.pop();
            self.in_future_impl = outer;
        }
    }

    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        let span = (line_of(expr.match_token.span), u32::try_from(expr.span().end().line).unwrap_or(u32::MAX));
        if is_identity_match(expr) {
            self.findings.push(Finding {
                kind: Kind::IdentityMatch,
                line: span.0,
                signature: String::new(),
                end_line: span.1,
            });
        }
        // `match a { Some(x) => match f(x) { Some(y) => y, None => return Err(E) }, None => return Err(E) }`
        if none_arm_builds_err(expr) {
            for arm in &expr.arms {
                let inner = match &*arm.body {
                    syn::Expr::Match(inner) => Some(inner),
                    syn::Expr::Block(block) => match block.block.stmts.last() {
                        Some(syn::Stmt::Expr(syn::Expr::Match(inner), None)) => Some(inner),
                        _ => None,
                    },
                    _ => None,
                };
                let some_arm = matches!(&arm.pat, syn::Pat::TupleStruct(tuple) if last_segment(&tuple.path).as_deref() == Some("Some"));
                if let Some(inner) = inner.filter(|inner| some_arm && none_arm_builds_err(inner)) {
                    let line = line_of(inner.match_token.span);
                    let end_line = u32::try_from(inner.span().end().line).unwrap_or(line);
                    self.findings.push(Finding { kind: Kind::NestedOkOr, line, signature: String::new(), end_line });
                }
            }
        }
        // A catch-all counts over the variants of the crate's own enums (not `Ordering` or
        // `io::ErrorKind`, which may grow and must be matched with a fallback).
        let over_variants = expr.arms.iter().any(|arm| self.names_own_variant(&arm.pat));
        for arm in &expr.arms {
            if over_variants && arm.guard.is_none() {
                match &arm.pat {
                    syn::Pat::Wild(_) => self.push(Kind::WildcardArm, arm.pat.span()),
                    syn::Pat::Ident(ident) if ident.subpat.is_none() => {
                        self.push(Kind::CatchAllBinding, arm.pat.span())
                    }
                    _ => {}
                }
            }
            if let Some(error) = err_binding(&arm.pat) {
                if let Some((line, end_line)) = message_dispatch(&arm.body, &error) {
                    self.findings.push(Finding {
                        kind: Kind::MessageDispatch,
                        line,
                        signature: String::new(),
                        end_line,
                    });
                }
            }
            if let syn::Pat::TupleStruct(tuple) = &arm.pat {
                if last_segment(&tuple.path).as_deref() == Some("Err") && builds_err(&arm.body) {
                    let kind = if returns_err(&arm.body) { Kind::ManualRewrap } else { Kind::ManualMapErr };
                    self.push(kind, arm.pat.span());
                }
            }
        }
        visit::visit_expr_match(self, expr);
    }

    fn visit_expr_if(&mut self, expr: &'ast syn::ExprIf) {
        if let syn::Expr::Let(let_expr) = &*expr.cond {
            if let Some(error) = err_binding(&let_expr.pat) {
                let mut dispatch = Dispatch { name: &error, found: None };
                dispatch.visit_block(&expr.then_branch);
                if let Some((line, end_line)) = dispatch.found {
                    self.findings.push(Finding {
                        kind: Kind::MessageDispatch,
                        line,
                        signature: String::new(),
                        end_line,
                    });
                }
            }
        }
        // `if let Err(e) = x { return Err(…) }`: `?` written by hand.
        if let syn::Expr::Let(let_expr) = &*expr.cond {
            if let syn::Pat::TupleStruct(tuple) = &*let_expr.pat {
                let rewraps = expr
                    .then_branch
                    .stmts
                    .iter()
                    .any(|stmt| matches!(stmt, syn::Stmt::Expr(inner, _) if builds_err(inner)));
                if last_segment(&tuple.path).as_deref() == Some("Err") && rewraps {
                    self.push(Kind::ManualRewrap, expr.if_token.span);
                }
            }
        }
        if !self.in_else_chain && expr.else_branch.is_some() && chain_tests_variants(expr) {
            let line = line_of(expr.if_token.span);
            let end_line = u32::try_from(expr.span().end().line).unwrap_or(line);
            self.findings.push(Finding { kind: Kind::FallbackChain, line, signature: String::new(), end_line });
        }
        // The `else if` links of this chain are part of the same finding.
        self.expr_if_chain(expr);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        // A `RefCell` that lives in one function: nothing else could borrow it.
        if let Some(init) = &local.init {
            if let syn::Expr::Call(call) = &*init.expr {
                if let syn::Expr::Path(path) = &*call.func {
                    if path_text(&path.path).ends_with("RefCell::new") {
                        self.push(Kind::NeedlessCell, local.span());
                    }
                }
            }
        }
        visit::visit_local(self, local);
    }

    fn visit_expr_struct(&mut self, expr: &'ast syn::ExprStruct) {
        // `History { pages: vec![0; 10], len: 0 }`: a pre-sized `Vec` beside a length counter.
        let name = last_segment(&expr.path).unwrap_or_default();
        let name = if name == "Self" { self.impl_self.last().cloned().unwrap_or_default() } else { name };
        let mut presized = Vec::new();
        if let Some(fields) = self.items.structs.get(&name) {
            for field in &expr.fields {
                let syn::Member::Named(member) = &field.member else { continue };
                let syn::Expr::Macro(mac) = &field.expr else { continue };
                let repeated =
                    mac.mac.path.is_ident("vec")
                        && mac.mac.tokens.clone().into_iter().any(
                            |token| matches!(token, proc_macro2::TokenTree::Punct(punct) if punct.as_char() == ';'),
                        );
                let counter = fields
                    .iter()
                    .any(|(other, ty)| other != &member.to_string() && ty == "usize" && is_length_counter(other));
                if repeated && counter {
                    presized.push(mac);
                }
            }
        }
        for mac in presized {
            self.push_signed(Kind::PresizedVec, mac.span(), mac);
        }
        visit::visit_expr_struct(self, expr);
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        let shared_unsafely = self.unsafely_shared.contains(&item.ident.to_string());
        for field in &item.fields {
            if shared_unsafely && interior_mutable(&field.ty).is_some() {
                // A cell in a type declared `Sync` by hand: the compiler's objection, silenced.
                let line = field_line(field);
                self.findings.push(Finding {
                    kind: Kind::NeedlessCell,
                    line,
                    signature: token_text(&field.ty),
                    end_line: line,
                });
            }
            if let Some(inner) = interior_mutable(&field.ty) {
                let line = field_line(field);
                self.findings.push(Finding { kind: Kind::RefCell, line, signature: inner, end_line: line });
            }
        }
        visit::visit_item_struct(self, item);
    }

    fn visit_type(&mut self, ty: &'ast syn::Type) {
        if let syn::Type::Path(path) = ty {
            let name = last_segment(&path.path);
            let inner = type_arguments(&path.path);
            // A cell inside a lock or an `Arc`, or a `RefCell` around a number (`Cell` would do).
            let cell_inside = matches!(name.as_deref(), Some("Mutex" | "RwLock" | "Arc"))
                && inner.first().is_some_and(|inner| type_is(inner, "RefCell") || type_is(inner, "Cell"));
            let refcell_of_number = name.as_deref() == Some("RefCell")
                && inner.first().is_some_and(|inner| {
                    [
                        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "bool",
                        "char", "f32", "f64",
                    ]
                    .iter()
                    .any(|number| type_is(inner, number))
                });
            if cell_inside || refcell_of_number {
                self.push_signed(Kind::NeedlessCell, ty.span(), ty);
            }
            match last_segment(&path.path).as_deref() {
                Some("Rc") if type_arguments(&path.path).first().is_some_and(|inner| type_is(inner, "RefCell")) => {
                    self.push_signed(Kind::RcRefCell, ty.span(), ty);
                }
                Some("Box")
                    if type_arguments(&path.path)
                        .first()
                        .is_some_and(|inner| matches!(inner, syn::Type::TraitObject(_))) =>
                {
                    self.push_signed(Kind::BoxDyn, ty.span(), ty);
                }
                _ => {}
            }
        }
        visit::visit_type(self, ty);
    }

    fn visit_field(&mut self, field: &'ast syn::Field) {
        if token_text(&field.ty).contains("'static") {
            let line = field_line(field);
            self.findings.push(Finding {
                kind: Kind::StaticLifetime,
                line,
                signature: token_text(&field.ty),
                end_line: line,
            });
        }
        if holds_fixed_array(&field.ty) {
            self.array_lengths.extend(idents_in(field.ty.to_token_stream()));
            let line = field_line(field);
            self.findings.push(Finding {
                kind: Kind::FixedArray,
                line,
                signature: token_text(&field.ty),
                end_line: line,
            });
        }
        visit::visit_field(self, field);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if attr.path().is_ident("global_allocator") {
            self.push(Kind::HarnessTampering, attr.span());
        }
        if attr.path().is_ident("allow") || attr.path().is_ident("expect") {
            // Naming conventions may have domain reasons; every other `allow` hides a warning.
            let text = token_text(&attr.meta).replace(' ', "");
            let naming_only = ["non_snake_case", "non_camel_case_types", "non_upper_case_globals"]
                .iter()
                .any(|naming| text.contains(naming))
                && !text.contains(',');
            if !naming_only {
                self.push_signed(Kind::LintSilenced, attr.span(), attr);
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
        let name = mac.path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
        let panics = matches!(name.as_str(), "panic" | "unreachable" | "todo" | "unimplemented");
        if panics && !self.states_invariant_near(line_of(mac.span())) {
            self.push_panic(mac.span());
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

impl Scanner<'_> {
    /// Whether a pattern names a variant of an enum declared in this file (`Kind::A`, `Self::A`).
    fn names_own_variant(&self, pat: &syn::Pat) -> bool {
        let path = match pat {
            syn::Pat::Path(path) => &path.path,
            syn::Pat::TupleStruct(tuple) => &tuple.path,
            syn::Pat::Struct(structure) => &structure.path,
            syn::Pat::Or(or) => return or.cases.iter().any(|case| self.names_own_variant(case)),
            syn::Pat::Reference(reference) => return self.names_own_variant(&reference.pat),
            _ => return false,
        };
        let segments: Vec<String> = path.segments.iter().map(|segment| segment.ident.to_string()).collect();
        segments.len() >= 2 && {
            let owner = &segments[segments.len() - 2];
            owner == "Self" || self.own_enums.contains(owner)
        }
    }

    /// Visits an `if` and every `else if` of its chain, marking the links as inside a chain.
    fn expr_if_chain(&mut self, expr: &syn::ExprIf) {
        self.visit_expr(&expr.cond);
        let was = std::mem::replace(&mut self.in_else_chain, false);
        self.visit_block(&expr.then_branch);
        self.in_else_chain = was;
        if let Some((_, otherwise)) = &expr.else_branch {
            match &**otherwise {
                syn::Expr::If(inner) => {
                    let was = std::mem::replace(&mut self.in_else_chain, true);
                    self.visit_expr_if(inner);
                    self.in_else_chain = was;
                }
                other => self.visit_expr(other),
            }
        }
    }
}

/// The line a field starts on, past its doc comment and attributes.
pub fn field_line(field: &syn::Field) -> u32 {
    match &field.ident {
        Some(ident) => line_of(ident.span()),
        None => line_of(field.ty.span()),
    }
}

/// Whether a comment or an `expect` message states why a panic cannot happen.
fn states_invariant(text: &str) -> bool {
    let text = text.to_lowercase();
    [
        "invariant",
        "never",
        "always",
        "guarantee",
        "checked",
        "cannot fail",
        "can't fail",
        "infallible",
        "unreachable",
        "by construction",
    ]
    .iter()
    .any(|word| text.contains(word))
}

/// Whether a condition tests an enum variant: `x == Kind::A`, `matches!(x, Kind::A)`,
/// `let Kind::A { .. } = x`.
fn tests_variant(cond: &syn::Expr) -> bool {
    match cond {
        syn::Expr::Let(let_expr) => is_variant_pattern(&let_expr.pat),
        syn::Expr::Binary(binary) => {
            let variant_path = |expr: &syn::Expr| matches!(expr, syn::Expr::Path(path) if path.path.segments.len() >= 2 && path.path.segments.last().is_some_and(|s| s.ident.to_string().chars().next().is_some_and(char::is_uppercase)));
            match binary.op {
                syn::BinOp::Eq(_) | syn::BinOp::Ne(_) => variant_path(&binary.left) || variant_path(&binary.right),
                syn::BinOp::And(_) | syn::BinOp::Or(_) => tests_variant(&binary.left) || tests_variant(&binary.right),
                _ => false,
            }
        }
        syn::Expr::Macro(mac) => {
            mac.mac.path.is_ident("matches") && {
                let text = token_text(&mac.mac.tokens);
                text.contains("::")
            }
        }
        syn::Expr::Paren(paren) => tests_variant(&paren.expr),
        syn::Expr::Unary(unary) => tests_variant(&unary.expr),
        _ => false,
    }
}

/// Whether some condition of an `if`/`else if` chain tests an enum variant.
fn chain_tests_variants(expr: &syn::ExprIf) -> bool {
    if tests_variant(&expr.cond) {
        return true;
    }
    match expr.else_branch.as_ref().map(|(_, otherwise)| &**otherwise) {
        Some(syn::Expr::If(inner)) => chain_tests_variants(inner),
        _ => false,
    }
}

/// The interior-mutable type of a field (`RefCell<…>`, `Cell<…>`), as text, also inside an `Rc`,
/// `Option` or `Vec`.
fn interior_mutable(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else { return None };
    match last_segment(&path.path).as_deref() {
        Some("RefCell" | "Cell") => Some(token_text(ty)),
        Some(_) => type_arguments(&path.path).into_iter().find_map(interior_mutable),
        None => None,
    }
}

/// The traits that bound a function's type parameters (inline, in its `where` clause, or as
/// `impl Trait` parameters).
fn generic_bounds(sig: &syn::Signature) -> Vec<String> {
    fn trait_names<'a>(bounds: impl IntoIterator<Item = &'a syn::TypeParamBound>) -> Vec<String> {
        bounds
            .into_iter()
            .filter_map(|bound| match bound {
                syn::TypeParamBound::Trait(bound) => last_segment(&bound.path),
                _ => None,
            })
            .collect()
    }
    let mut names: Vec<String> = sig.generics.type_params().flat_map(|param| trait_names(&param.bounds)).collect();
    let params: Vec<String> = sig.generics.type_params().map(|param| param.ident.to_string()).collect();
    if let Some(clause) = &sig.generics.where_clause {
        for predicate in &clause.predicates {
            if let syn::WherePredicate::Type(predicate) = predicate {
                let bounded = matches!(&predicate.bounded_ty, syn::Type::Path(path)
                    if path.path.get_ident().is_some_and(|ident| params.contains(&ident.to_string())));
                if bounded {
                    names.extend(trait_names(&predicate.bounds));
                }
            }
        }
    }
    struct ImplTraits(Vec<String>);
    impl<'ast> Visit<'ast> for ImplTraits {
        fn visit_type_impl_trait(&mut self, ty: &'ast syn::TypeImplTrait) {
            self.0.extend(trait_names(&ty.bounds));
        }
    }
    let mut impl_traits = ImplTraits(Vec::new());
    for input in &sig.inputs {
        impl_traits.visit_fn_arg(input);
    }
    names.extend(impl_traits.0);
    // Marker and auto traits bound generics without being what a trait object erases.
    names.retain(|name| !matches!(name.as_str(), "Sized" | "Send" | "Sync" | "Copy" | "Clone" | "Unpin"));
    names
}

/// The traits of the trait objects (`dyn Tr`) a type names, anywhere inside it.
fn trait_objects_in(ty: &syn::Type) -> Vec<String> {
    struct Objects(Vec<String>);
    impl<'ast> Visit<'ast> for Objects {
        fn visit_type_trait_object(&mut self, object: &'ast syn::TypeTraitObject) {
            self.0.extend(object.bounds.iter().filter_map(|bound| match bound {
                syn::TypeParamBound::Trait(bound) => last_segment(&bound.path),
                _ => None,
            }));
            visit::visit_type_trait_object(self, object);
        }
    }
    let mut objects = Objects(Vec::new());
    objects.visit_type(ty);
    objects.0
}

/// Whether a field name says it counts the items of a buffer (`len`, `count`, `page_count`, `size`).
fn is_length_counter(name: &str) -> bool {
    ["len", "length", "count", "size"]
        .iter()
        .any(|word| name == *word || name.ends_with(&format!("_{word}")) || name.starts_with(&format!("{word}_")))
}

/// Every identifier in a token stream, groups included.
fn idents_in(tokens: proc_macro2::TokenStream) -> Vec<String> {
    let mut names = Vec::new();
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => names.push(ident.to_string()),
            proc_macro2::TokenTree::Group(group) => names.extend(idents_in(group.stream())),
            _ => {}
        }
    }
    names
}

/// Whether a field type holds a buffer-sized fixed array, directly or inside a `Box`/`Option`: a
/// boxed slice (`Box<[T]>`) is one too, its length fixed when it is made.
fn holds_fixed_array(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Array(array) => match &array.len {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(length), .. }) => {
                length.base10_parse::<u64>().is_ok_and(|length| length >= FIXED_ARRAY_MIN)
            }
            syn::Expr::Binary(_) => true,
            // A named capacity (`[u32; MAX_PAGES]`) is a buffer by intent.
            _ => true,
        },
        syn::Type::Path(path) if last_segment(&path.path).as_deref() == Some("Box") => type_arguments(&path.path)
            .into_iter()
            .any(|inner| matches!(inner, syn::Type::Slice(_)) || holds_fixed_array(inner)),
        syn::Type::Path(path) if last_segment(&path.path).as_deref() == Some("Option") => {
            type_arguments(&path.path).into_iter().any(holds_fixed_array)
        }
        _ => false,
    }
}

/// The variant names of `enum <name>` wherever `files` declare it.
pub fn variants_of(files: &crate::filetree::FileTree, name: &str) -> Vec<String> {
    struct Variants<'a> {
        name: &'a str,
        found: Vec<String>,
    }
    impl<'ast> Visit<'ast> for Variants<'_> {
        fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
            if item.ident == self.name {
                self.found.extend(item.variants.iter().map(|variant| variant.ident.to_string()));
            }
            visit::visit_item_enum(self, item);
        }
    }
    let mut collector = Variants { name, found: Vec::new() };
    for (_, bytes) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        if let Some(file) = std::str::from_utf8(bytes).ok().and_then(|text| syn::parse_file(text).ok()) {
            collector.visit_file(&file);
        }
    }
    collector.found
}

/// A `match` on an enum's variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumMatch {
    /// The line of its scrutinee, where rustc reports a non-exhaustive match.
    pub scrutinee_line: u32,
    /// The arm that catches the rest (`_`, a binding), or the match's own line when there is none.
    pub catch_all_line: u32,
}

/// Every `match` in `source` (outside test code) whose arms name variants of `enum_name`
/// (`Kind::A`, `Self::A` inside `impl Kind`, or a bare `A` from `use Kind::*`).
pub fn matches_on(source: &str, enum_name: &str, variants: &[String]) -> Vec<EnumMatch> {
    struct Matches<'a> {
        enum_name: &'a str,
        variants: &'a [String],
        self_is_enum: Vec<bool>,
        found: Vec<EnumMatch>,
    }
    impl Matches<'_> {
        fn names_variant(&self, pat: &syn::Pat) -> bool {
            let path = match pat {
                syn::Pat::Path(path) => &path.path,
                syn::Pat::TupleStruct(tuple) => &tuple.path,
                syn::Pat::Struct(structure) => &structure.path,
                syn::Pat::Or(or) => return or.cases.iter().any(|case| self.names_variant(case)),
                syn::Pat::Ident(ident) if ident.subpat.is_none() => {
                    return self.variants.iter().any(|variant| ident.ident == variant);
                }
                syn::Pat::Reference(reference) => return self.names_variant(&reference.pat),
                _ => return false,
            };
            let segments: Vec<String> = path.segments.iter().map(|segment| segment.ident.to_string()).collect();
            let Some(last) = segments.last() else { return false };
            if !self.variants.contains(last) {
                return false;
            }
            match segments.len() {
                1 => true,
                _ => {
                    let owner = &segments[segments.len() - 2];
                    owner == self.enum_name || (owner == "Self" && self.self_is_enum.last().copied().unwrap_or(false))
                }
            }
        }
    }
    impl<'ast> Visit<'ast> for Matches<'_> {
        fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
            if !is_test_item(&module.attrs) {
                visit::visit_item_mod(self, module);
            }
        }
        fn visit_item_fn(&mut self, function: &'ast syn::ItemFn) {
            if !is_test_item(&function.attrs) {
                visit::visit_item_fn(self, function);
            }
        }
        fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
            let is_enum = matches!(&*item.self_ty, syn::Type::Path(path) if path.path.is_ident(self.enum_name));
            self.self_is_enum.push(is_enum);
            visit::visit_item_impl(self, item);
            self.self_is_enum.pop();
        }
        fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
            // A bare identifier arm names a variant only if the enum's variants are imported; it is
            // a catch-all binding otherwise.
            let qualified =
                expr.arms.iter().any(|arm| !matches!(arm.pat, syn::Pat::Ident(_)) && self.names_variant(&arm.pat));
            let bare = expr
                .arms
                .iter()
                .filter(|arm| matches!(arm.pat, syn::Pat::Ident(_)) && self.names_variant(&arm.pat))
                .count();
            if qualified || bare >= 2 {
                let catch_all = expr.arms.iter().find(|arm| match &arm.pat {
                    syn::Pat::Wild(_) => true,
                    syn::Pat::Ident(ident) => ident.subpat.is_none() && !self.names_variant(&arm.pat),
                    _ => false,
                });
                self.found.push(EnumMatch {
                    scrutinee_line: line_of(expr.expr.span()),
                    catch_all_line: catch_all
                        .map_or_else(|| line_of(expr.match_token.span), |arm| line_of(arm.pat.span())),
                });
            }
            visit::visit_expr_match(self, expr);
        }
    }
    let Ok(file) = syn::parse_file(source) else { return Vec::new() };
    let mut collector = Matches { enum_name, variants, self_is_enum: Vec::new(), found: Vec::new() };
    collector.visit_file(&file);
    collector.found
}

/// The lines (first, last) of every `matches!` in `source`, outside test code, that names variants
/// of `enum_name`: a predicate that answers `false` for any variant added later.
pub fn predicates_on(source: &str, enum_name: &str, variants: &[String]) -> Vec<(u32, u32)> {
    struct Predicates<'a> {
        enum_name: &'a str,
        variants: &'a [String],
        found: Vec<(u32, u32)>,
    }
    impl<'ast> Visit<'ast> for Predicates<'_> {
        fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
            if !is_test_item(&module.attrs) {
                visit::visit_item_mod(self, module);
            }
        }
        fn visit_item_fn(&mut self, function: &'ast syn::ItemFn) {
            if !is_test_item(&function.attrs) {
                visit::visit_item_fn(self, function);
            }
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            if mac.path.is_ident("matches") {
                let tokens = token_text(&mac.tokens).replace(' ', "");
                let names_variant = self.variants.iter().any(|variant| {
                    tokens.contains(&format!("{}::{variant}", self.enum_name))
                        || tokens.contains(&format!("Self::{variant}"))
                });
                if names_variant {
                    let span = mac.span();
                    self.found.push((line_of(span), u32::try_from(span.end().line).unwrap_or(u32::MAX)));
                }
            }
            visit::visit_macro(self, mac);
        }
    }
    let Ok(file) = syn::parse_file(source) else { return Vec::new() };
    let mut collector = Predicates { enum_name, variants, found: Vec::new() };
    collector.visit_file(&file);
    collector.found
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
    fn panics_in_every_spelling_are_found_outside_tests_unless_an_invariant_is_stated() {
        let source = "fn f(x: Option<u8>) -> u8 { x.unwrap() }\n#[cfg(test)]\nmod tests { fn g() { Some(1).unwrap(); } }\n#[test]\nfn t() { None::<u8>.expect(\"x\"); }\n";
        assert_eq!(kinds(source), [Kind::Panic]);
        assert_eq!(
            kinds("fn f(x: Option<u8>) -> u8 { match x { Some(v) => v, None => panic!(\"no\") } }"),
            [Kind::Panic]
        );
        assert_eq!(kinds("fn f() -> u8 { unreachable!() }"), [Kind::Panic]);
        let stated = "fn f(x: &str) -> char {\n    // split_whitespace never yields an empty word\n    x.chars().next().expect(\"a word has a first char\")\n}\n";
        assert!(kinds(stated).is_empty(), "{:?}", kinds(stated));
        let in_message =
            "fn f(x: &str) -> char { x.chars().next().expect(\"split_whitespace never yields empty words\") }";
        assert!(kinds(in_message).is_empty());
        let unrelated_comment = "fn f(x: Option<u8>) -> u8 {\n    // work on a copy\n    x.unwrap()\n}\n";
        assert_eq!(kinds(unrelated_comment), [Kind::Panic]);
        assert!(kinds("fn f(m: &Mutex<u8>) -> u8 { *m.lock().expect(\"a writer panicked\") }").is_empty());
        // Re-raising another thread's panic is the idiom; an I/O error is not a panic to re-raise.
        assert!(kinds("fn f(m: &Mutex<u8>) -> u8 { *m.lock().unwrap() }").is_empty());
        assert!(kinds("fn f(m: &RwLock<u8>) -> u8 { *m.read().expect(\"poisoned\") }").is_empty());
        assert!(kinds("fn f(h: JoinHandle<u8>) -> u8 { h.join().unwrap() }").is_empty());
        assert_eq!(kinds("fn f(r: &mut File, b: &mut [u8]) -> usize { r.read(b).unwrap() }"), [Kind::Panic]);
        assert_eq!(kinds("fn f(m: &HashMap<char, u8>, c: char) -> u8 { m[&c] }"), [Kind::Panic]);
        assert!(kinds("fn f(v: &[u8], i: usize) -> u8 { v[i] }").is_empty());
        assert!(kinds("fn f(x: Option<u8>) -> u8 { x.unwrap_or(0) }").is_empty());
    }

    #[test]
    fn catch_alls_over_enum_variants_are_found_but_not_over_values() {
        let over_variants = "fn f(k: Kind) -> u8 {\n    match k {\n        Kind::A => 1,\n        _ => 2,\n    }\n}\nenum Kind { A, B }\n";
        assert_eq!(found(over_variants), [(Kind::WildcardArm, 4)]);
        let binding = "fn f(k: Kind) -> u8 {\n    match k {\n        Kind::A => 1,\n        other => g(other),\n    }\n}\nenum Kind { A, B }\n";
        assert_eq!(found(binding), [(Kind::CatchAllBinding, 4)]);
        // Enums of other crates may grow: a fallback over them is required, not a habit.
        assert!(
            kinds("fn f(e: &io::Error) -> u8 { match e.kind() { io::ErrorKind::NotFound => 1, _ => 2 } }").is_empty()
        );
        assert!(kinds("fn f(n: u8) -> u8 { match n { 0 => 1, _ => 2 } }").is_empty());
        assert!(kinds("fn f(k: Kind) -> u8 { match k { Kind::A => 1, Kind::B => 2 } }").is_empty());
    }

    #[test]
    fn if_chains_over_variants_with_a_fallback_are_found_once() {
        let chain = "fn f(k: Kind) -> u8 {\n    if k == Kind::A {\n        1\n    } else if matches!(k, Kind::B) {\n        2\n    } else {\n        3\n    }\n}\n";
        assert_eq!(found(chain), [(Kind::FallbackChain, 2)]);
        let if_let = "fn f(k: &Kind) -> u8 { if let Kind::A { .. } = k { 1 } else { 0 } }";
        assert_eq!(kinds(if_let), [Kind::FallbackChain]);
        assert!(kinds("fn f(k: Kind) -> bool { matches!(k, Kind::A | Kind::B) }").is_empty());
        assert!(kinds("fn f(x: u8) -> u8 { if x == 1 { 1 } else { 2 } }").is_empty());
        assert!(kinds("fn f(x: Option<u8>) -> u8 { if let Some(v) = x { v } else { 0 } }").is_empty());
    }

    #[test]
    fn unsafe_needs_a_safety_comment_and_casts_that_dodge_the_borrow_checker_are_named() {
        let documented = "fn f(p: *const u8) -> u8 {\n    // SAFETY: p is valid for reads.\n    unsafe { *p }\n}\n";
        assert_eq!(kinds(documented), [Kind::UnsafeBlock]);
        let bare = "fn f(p: *const u8) -> u8 { unsafe { *p } }\nstruct S;\nunsafe impl Sync for S {}\n";
        assert_eq!(
            kinds(bare),
            [Kind::UnsafeBlock, Kind::UnsafeWithoutSafety, Kind::UnsafeSendSync, Kind::UnsafeWithoutSafety]
        );
        let cast = "fn f(x: &u8) -> &'static u8 {\n    // SAFETY: trust me\n    unsafe { &*(&*x as *const u8) }\n}\n";
        assert!(kinds(cast).contains(&Kind::PointerCast), "{:?}", kinds(cast));
        let const_to_mut = "fn f(p: *const u8) -> *mut u8 { p as *const u8 as *mut u8 }";
        assert!(kinds(const_to_mut).contains(&Kind::PointerCast));
        let transmute = "fn f(x: u32) -> f32 { unsafe { std::mem::transmute(x) } }";
        assert!(kinds(transmute).contains(&Kind::Transmute));
    }

    #[test]
    fn rc_refcell_is_found_in_types_aliases_and_expressions_and_refcell_fields_are_named() {
        assert!(kinds("struct N { next: Option<Rc<RefCell<N>>> }").contains(&Kind::RcRefCell));
        assert!(kinds("type Link = Rc<RefCell<Node>>;").contains(&Kind::RcRefCell));
        assert!(kinds("fn f() -> Link { Rc::new(RefCell::new(Node::default())) }").contains(&Kind::RcRefCell));
        assert_eq!(kinds("struct C { n: RefCell<Vec<u8>>, m: Cell<u8>, k: u8 }"), [Kind::RefCell, Kind::RefCell]);
        // A `RefCell` around a number, a cell inside a lock or an `Arc`, a `RefCell` local to a function.
        assert!(kinds("struct C { n: RefCell<u64> }").contains(&Kind::NeedlessCell));
        assert!(kinds("struct C { n: Arc<Mutex<RefCell<u8>>> }").contains(&Kind::NeedlessCell));
        assert!(kinds("fn f() -> usize { let out = RefCell::new(String::new()); out.borrow().len() }")
            .contains(&Kind::NeedlessCell));
        assert!(kinds("struct A { n: Rc<u8> }").is_empty());
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
        let map_err = "fn f(s: &str) -> Result<u8, E> {\n    match s.parse() {\n        Ok(n) => Ok(n),\n        Err(e) => Err(E::Parse(e)),\n    }\n}\n";
        assert_eq!(found(map_err), [(Kind::ManualMapErr, 4)]);
        let if_let = "fn f(s: &str) -> Result<u8, E> {\n    let r = s.parse::<u8>();\n    if let Err(e) = r {\n        return Err(E::Parse(e));\n    }\n    Ok(1)\n}\n";
        assert_eq!(found(if_let), [(Kind::ManualRewrap, 3)]);
        assert!(kinds("fn f(s: &str) -> Result<u8, E> { Ok(s.parse()?) }").is_empty());
    }

    #[test]
    fn trait_objects_in_parameters_are_found_but_generics_are_not() {
        assert_eq!(kinds("fn f(s: &dyn Shape) {}"), [Kind::DynParam]);
        assert_eq!(kinds("fn f(s: Box<dyn Shape>) {}"), [Kind::DynParam, Kind::BoxDyn]);
        assert!(kinds("fn f<S: Shape + ?Sized>(s: &S) {}").is_empty());
    }

    #[test]
    fn fixed_arrays_in_fields_are_buffers_when_large_or_named_even_boxed() {
        assert_eq!(kinds("struct H { pages: [u32; 64] }"), [Kind::FixedArray]);
        assert_eq!(kinds("struct H { pages: [u32; MAX] }"), [Kind::FixedArray]);
        assert_eq!(kinds("struct H { pages: Box<[u32; 1 << 20]> }"), [Kind::FixedArray]);
        assert!(kinds("struct P { xy: [f32; 2] }").is_empty());
    }

    #[test]
    fn a_boxed_slice_field_is_a_fixed_buffer_and_the_constant_sizing_an_array_is_shown() {
        assert_eq!(found("struct H {\n    pages: Box<[u32]>,\n    len: usize,\n}\n"), [(Kind::FixedArray, 2)]);
        let sized =
            "/// Room enough.\nconst MAX_PAGES: usize = 1 << 20;\nstruct H {\n    pages: Box<[u32; MAX_PAGES]>,\n}\n";
        assert_eq!(found(sized), [(Kind::FixedArray, 4), (Kind::FixedArray, 2)]);
        // A constant that sizes nothing stored is not a guess at a capacity; a Vec is not fixed.
        assert!(kinds("const RGB: usize = 3;\nstruct P { xy: [f32; 2], pages: Vec<u32> }").is_empty());
        assert!(kinds("struct H { pages: Box<Vec<u32>> }").is_empty());
    }

    #[test]
    fn a_presized_vec_beside_a_length_counter_is_an_emulated_array() {
        let emulated = "struct History {\n    pages: Vec<u32>,\n    len: usize,\n}\nimpl History {\n    fn new() -> Self {\n        Self { pages: vec![0; 10], len: 0 }\n    }\n}\n";
        assert_eq!(found(emulated), [(Kind::PresizedVec, 7)]);
        // A pre-sized grid with its width, or an empty Vec beside a counter of something else.
        let grid =
            "struct Grid { cells: Vec<u8>, width: usize }\nfn g() -> Grid { Grid { cells: vec![0; 64], width: 8 } }";
        assert!(kinds(grid).is_empty());
        let growing = "struct H { pages: Vec<u32>, len: usize }\nfn h() -> H { H { pages: vec![], len: 0 } }";
        assert!(kinds(growing).is_empty());
    }

    #[test]
    fn a_generic_function_that_returns_its_own_bound_as_a_trait_object_is_found() {
        let erased = "fn as_products<T: Product>(items: &[T]) -> Vec<&dyn Product> { todo_free(items) }";
        assert_eq!(kinds(erased), [Kind::ErasedGeneric]);
        let where_clause = "fn one<T>(item: &T) -> &dyn Product where T: Product { item }";
        assert_eq!(kinds(where_clause), [Kind::ErasedGeneric]);
        assert!(kinds("fn b(item: impl Shape + 'static) -> Box<dyn Shape> { Box::new(item) }")
            .contains(&Kind::ErasedGeneric));
        // Static dispatch all the way; a non-generic method that hands out a stored trait object.
        assert!(kinds("fn cheapest<T: Product>(items: &[T]) -> Option<&T> { items.first() }").is_empty());
        assert_eq!(kinds("fn at(&self, i: usize) -> Option<&dyn Shape> { self.get(i) }"), []);
        assert!(kinds("fn add<S: Shape + 'static>(&mut self, shape: S) { self.shapes.push(Box::new(shape)); }")
            .iter()
            .all(|kind| *kind != Kind::ErasedGeneric));
    }

    #[test]
    fn a_match_that_gives_back_what_it_matched_is_found() {
        let identity = "fn read(text: &str) -> Result<Inv, E> {\n    match parse(text) {\n        Ok(inv) => Ok(inv),\n        Err(err) => Err(err),\n    }\n}\n";
        assert!(found(identity).contains(&(Kind::IdentityMatch, 2)), "{:?}", found(identity));
        assert!(kinds("fn f(x: Option<u8>) -> Option<u8> { match x { Some(v) => Some(v), None => None } }")
            .contains(&Kind::IdentityMatch));
        // A match that changes a variant is something else (`map`, `map_err`).
        assert!(!kinds("fn f(x: Result<u8, E>) -> Result<u8, E> { match x { Ok(v) => Ok(v + 1), Err(e) => Err(e) } }")
            .contains(&Kind::IdentityMatch));
        assert!(kinds("fn f(x: Option<u8>) -> Option<u8> { match x { Some(v) => Some(w), None => None } }").is_empty());
    }

    #[test]
    fn errors_told_apart_by_their_message_text_are_found() {
        let by_text = "fn f(text: &str) -> Result<Url, UrlError> {\n    match parse(text) {\n        Ok(url) => Ok(url),\n        Err(message) => {\n            if message.starts_with(\"missing scheme\") {\n                Err(UrlError::MissingScheme)\n            } else {\n                Err(UrlError::InvalidPort)\n            }\n        }\n    }\n}\n";
        assert!(found(by_text).contains(&(Kind::MessageDispatch, 5)), "{:?}", found(by_text));
        let if_let = "fn f(r: Result<u8, E>) -> bool {\n    if let Err(e) = r {\n        return e.to_string() == \"timeout\";\n    }\n    false\n}\n";
        assert!(!kinds(if_let).contains(&Kind::MessageDispatch), "no if chain: {:?}", kinds(if_let));
        let matched = "fn f(r: Result<u8, String>) -> u8 {\n    match r {\n        Ok(n) => n,\n        Err(e) => match e.as_str() {\n            \"empty\" => 0,\n            _ => 1,\n        },\n    }\n}\n";
        assert!(found(matched).contains(&(Kind::MessageDispatch, 4)), "{:?}", found(matched));
        // Telling errors apart by their type or variant is what an error enum is for.
        let typed = "fn f(r: Result<u8, E>) -> u8 {\n    match r {\n        Ok(n) => n,\n        Err(e) => if e.kind() == ErrorKind::NotFound { 0 } else { 1 },\n    }\n}\n";
        assert!(!kinds(typed).contains(&Kind::MessageDispatch));
        let logged = "fn f(r: Result<u8, E>) -> u8 {\n    match r {\n        Ok(n) => n,\n        Err(e) => if verbose { eprintln!(\"{e}\"); 0 } else { 0 },\n    }\n}\n";
        assert!(!kinds(logged).contains(&Kind::MessageDispatch));
    }

    #[test]
    fn nested_matches_re_wrapping_each_none_into_an_err_are_found() {
        let nested = "fn f(a: u64, b: u64, t: u64) -> Result<u64, E> {\n    let total = match a.checked_mul(b) {\n        Some(part) => match t.checked_add(part) {\n            Some(t) => t,\n            None => return Err(E::TooLarge),\n        },\n        None => return Err(E::TooLarge),\n    };\n    Ok(total)\n}\n";
        assert_eq!(found(nested), [(Kind::NestedOkOr, 3)]);
        // One `let … else` style match is the idiom.
        let single = "fn f(a: Option<u64>) -> Result<u64, E> {\n    let n = match a {\n        Some(n) => n,\n        None => return Err(E::Missing),\n    };\n    Ok(n)\n}\n";
        assert!(kinds(single).is_empty());
    }

    #[test]
    fn blocking_calls_count_only_inside_async_code() {
        assert_eq!(kinds("async fn f() { std::thread::sleep(d); }"), [Kind::BlockingInAsync]);
        assert!(kinds("fn f() { std::thread::sleep(d); }").is_empty());
        assert_eq!(kinds("fn f() { let _ = async { std::fs::read(\"x\") }; }"), [Kind::BlockingInAsync]);
        assert_eq!(kinds("use std::thread::sleep;\nasync fn f() { sleep(d); }"), [Kind::BlockingInAsync]);
        assert!(kinds("use runtime::sleep;\nasync fn f() { sleep(3).await; }").is_empty());
    }

    #[test]
    fn silenced_lints_and_harness_tampering_are_found() {
        assert_eq!(kinds("#![allow(clippy::unwrap_used)]\nfn f() {}"), [Kind::LintSilenced]);
        assert_eq!(kinds("#[allow(warnings)]\nfn f() {}"), [Kind::LintSilenced]);
        assert_eq!(kinds("#[allow(dead_code)]\nfn f() {}"), [Kind::LintSilenced]);
        assert!(kinds("#[allow(non_snake_case)]\nfn f() {}").is_empty());
        assert_eq!(kinds("fn f() { std::process::exit(0) }"), [Kind::HarnessTampering]);
        assert_eq!(kinds("fn f() { let _ = std::env::var(\"GRADER_MEASURE_FILE\"); }"), [Kind::HarnessTampering]);
        assert_eq!(kinds("#[global_allocator]\nstatic A: System = System;"), [Kind::HarnessTampering]);
    }

    #[test]
    fn matches_on_an_enum_are_found_with_their_catch_all() {
        let source = "\
enum Kind { A, B, C }
impl Kind {
    fn f(&self) -> u8 {
        match self {
            Self::A => 1,
            _ => 2,
        }
    }
}
fn g(k: Kind) -> u8 {
    match k {
        Kind::A => 1,
        Kind::B => 2,
        Kind::C => 3,
    }
}
fn h(n: u8) -> u8 { match n { 0 => 1, other => other } }
";
        let variants = vec!["A".to_owned(), "B".to_owned(), "C".to_owned()];
        let found = matches_on(source, "Kind", &variants);
        assert_eq!(
            found,
            [EnumMatch { scrutinee_line: 4, catch_all_line: 6 }, EnumMatch { scrutinee_line: 11, catch_all_line: 11 }]
        );
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
