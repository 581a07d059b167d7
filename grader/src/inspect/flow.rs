//! Judges copies and collections per site, by how their result is used: a `.clone()` (or
//! `.to_vec()`, `.iter().cloned()`, `String::from`, `format!("{}", x)`, …) whose result is only
//! read, iterated or compared, or whose source is an owned value never used again (a local, a
//! parameter, a field of a `self` the method consumes, an item of a collection the function owns
//! and never uses after the loop), or that is made only to move into a thread the function joins
//! itself (a scoped thread could borrow the original); a `.collect()` whose collection is only
//! iterated, counted or searched once, or handed to a parameter that takes any `IntoIterator`; a
//! `Vec` filled only by `push` and then joined or handed to such a parameter; a `String`,
//! `&String` or `&Vec<_>` parameter (or an `Into<String>` one) that is only read. A copy that is
//! stored, returned or handed on by value is needed and is not a finding. The analysis is
//! syntactic and errs towards "needed": when it cannot tell, it does not judge. What it needs to
//! know of the rest of the crate is a [`Crate`]. The main function is [`sites_in`].

use std::collections::BTreeMap;

use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;

/// What a site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteKind {
    /// A copy of a collection or value (`clone`, `to_vec`, `cloned`, `Vec::from`…).
    Copy,
    /// An owned string made from another (`to_string`, `to_owned`, `String::from`, `format!`).
    StringCopy,
    /// A `.collect()`.
    Collect,
    /// A parameter that takes ownership (or a `&String`/`&Vec`) where a borrow would do.
    OwnedParam,
    /// A fresh allocation (`String::new()`, `Vec::with_capacity`, `vec![…]`, `format!`, `Box::new`):
    /// never a finding by itself, only evidence where an allocation budget is exceeded.
    Alloc,
}

/// One site, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub kind: SiteKind,
    pub line: u32,
    /// The lines of the whole expression (a chain may span several).
    pub first_line: u32,
    pub last_line: u32,
    /// The function it is in (`receipt`, `Cart::receipt`).
    pub function: String,
    /// Its tokens, as text: what makes it the same as a site of the reference solution.
    pub signature: String,
    /// Why it is a finding, when the rule judged it needless; `None` when it may be needed.
    pub needless: Option<&'static str>,
}

/// How a read goes over a value: what a collection read this way costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Walks every item (`iter`, `for`, `sum`).
    Walk,
    /// Looks at its size or one end (`len`, `is_empty`, `first`): no walk.
    Peek,
    /// Indexes it (`v[i]`): the index loop around it is the walk.
    Index,
}

/// How an expression's value is used by what encloses it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Use {
    /// Only read: borrowed, compared, iterated, the receiver of a read-only method, printed.
    Read(Pass),
    /// Moved on: returned, stored, passed by value; or anything the analysis cannot see through.
    Owned,
    /// Changed in place: assigned to, `&mut`-borrowed, indexed to assign.
    Mutated,
    /// Bound to a local by `let`, whose uses decide.
    Bound(String),
    /// Thrown away (`expr;`).
    Dropped,
}

/// Methods that only read their receiver (the result does not hold it).
const READ_METHODS: &[&str] = &[
    "len",
    "is_empty",
    "contains",
    "contains_key",
    "get",
    "first",
    "last",
    "iter",
    "chars",
    "bytes",
    "lines",
    "split",
    "split_whitespace",
    "splitn",
    "rsplit",
    "split_terminator",
    "trim",
    "trim_start",
    "trim_end",
    "starts_with",
    "ends_with",
    "find",
    "rfind",
    "as_str",
    "as_slice",
    "as_bytes",
    "as_ref",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "to_lowercase",
    "to_uppercase",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "keys",
    "values",
    "windows",
    "chunks",
    "binary_search",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "parse",
    "char_indices",
    "matches",
    "max",
    "min",
    "sum",
    "count",
    "position",
    "any",
    "all",
    "get_key_value",
    "range",
    "hash",
    "fmt",
    "to_string_lossy",
    "as_deref",
    "borrow",
    "deref",
    "join",
    "concat",
];

/// Methods whose result carries the receiver (or its items) on: the receiver is used as the
/// result is.
const PASS_METHODS: &[&str] = &[
    "into_iter",
    "cloned",
    "copied",
    "map",
    "filter",
    "filter_map",
    "flat_map",
    "flatten",
    "take",
    "skip",
    "take_while",
    "skip_while",
    "chain",
    "rev",
    "enumerate",
    "zip",
    "peekable",
    "collect",
    "into_boxed_slice",
    "into_bytes",
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "ok",
    "inspect",
    "step_by",
    "fuse",
    "into_inner",
];

/// Methods that change their receiver in place.
const MUTATING_METHODS: &[&str] = &[
    "push",
    "push_str",
    "insert",
    "remove",
    "pop",
    "retain",
    "clear",
    "extend",
    "truncate",
    "drain",
    "iter_mut",
    "get_mut",
    "swap",
    "sort",
    "sort_by",
    "sort_by_key",
    "sort_unstable",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "dedup",
    "reverse",
    "entry",
    "push_back",
    "push_front",
    "pop_back",
    "pop_front",
    "append",
    "resize",
    "fill",
    "swap_remove",
    "split_off",
    "last_mut",
    "first_mut",
    "values_mut",
    "as_mut",
];

/// Macros whose arguments are only read.
const READ_MACROS: &[&str] = &[
    "println",
    "print",
    "eprintln",
    "eprint",
    "format",
    "write",
    "writeln",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "panic",
    "format_args",
];

/// Calls that allocate a fresh buffer.
const ALLOCATING_CALLS: &[&str] = &[
    "String::new",
    "String::with_capacity",
    "Vec::new",
    "Vec::with_capacity",
    "Box::new",
    "HashMap::new",
    "BTreeMap::new",
    "HashSet::new",
    "BTreeSet::new",
    "VecDeque::new",
    "Rc::new",
    "Arc::new",
];

/// What a read-only method costs a collection.
fn pass_of(method: &str) -> Pass {
    match method {
        "len" | "is_empty" | "first" | "last" | "get" | "get_key_value" | "capacity" | "is_some" | "is_none"
        | "is_ok" | "is_err" | "as_str" | "as_slice" | "as_ref" | "as_bytes" | "borrow" | "deref" | "as_deref" => {
            Pass::Peek
        }
        _ => Pass::Walk,
    }
}

/// The local, parameter or `self` a place or value is reached from: `accounts` for
/// `accounts[i]`, `*accounts.get_mut(i).expect(..)` or `accounts.get(i).unwrap().clone()`.
fn root_of(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        syn::Expr::Index(index) => root_of(&index.expr),
        syn::Expr::Field(field) => root_of(&field.base),
        syn::Expr::MethodCall(call) => root_of(&call.receiver),
        syn::Expr::Unary(unary) => root_of(&unary.expr),
        syn::Expr::Paren(paren) => root_of(&paren.expr),
        syn::Expr::Reference(reference) => root_of(&reference.expr),
        _ => None,
    }
}

/// Methods that copy their receiver.
fn copy_kind(method: &str) -> Option<SiteKind> {
    match method {
        "clone" | "to_vec" | "cloned" => Some(SiteKind::Copy),
        "to_owned" | "to_string" | "to_lowercase" | "to_uppercase" | "to_ascii_lowercase" | "to_ascii_uppercase" => {
            Some(SiteKind::StringCopy)
        }
        _ => None,
    }
}

/// A copy or collect seen while walking, with the use of its value.
struct Seen {
    kind: SiteKind,
    span: Span,
    /// The whole expression, receiver chain included.
    whole: Span,
    signature: String,
    use_: Use,
    /// For `x.clone()` and its kind: the plain local `x` copied, which moving would spare.
    source: Option<String>,
    /// The local or parameter the copied value is reached from (`accounts` in
    /// `accounts[i].clone()`), to see a copy written back.
    root: Option<String>,
    /// For `self.field.clone()` and its kind: the field of `self` copied.
    self_field: Option<String>,
    /// The copying method (`clone`, `to_string`…), when the copy is a method call.
    method: Option<String>,
}

/// A plain local's mention, with how its value is used there.
struct Mention {
    name: String,
    offset: usize,
    use_: Use,
}

/// A `let` of a plain local: where its scope starts and ends, and whether it surely owns its value.
struct Binding {
    name: String,
    start: usize,
    end: usize,
    owned: bool,
}

/// What one function body holds.
#[derive(Default)]
struct Walk {
    seen: Vec<Seen>,
    mentions: Vec<Mention>,
    bindings: Vec<Binding>,
    /// `place = local` assignments: (the place's root, the local, where).
    write_backs: Vec<(String, String, usize)>,
    /// How many `move` closures the walk is inside.
    in_move_closure: usize,
    /// Loop bodies and closures (start and end offsets): what is inside may run more than once.
    repeats: Vec<(usize, usize)>,
    /// Where the closures handed to a `spawn` start: they run once (`FnOnce`).
    once: Vec<usize>,
    /// The crate's own methods that take `self` by value.
    consuming: Vec<String>,
    /// The crate's functions and methods that take any `IntoIterator`, with the positions.
    into_iter_functions: BTreeMap<String, Vec<usize>>,
    into_iter_methods: BTreeMap<String, Vec<usize>>,
    /// Where the arguments handed to an `IntoIterator` parameter start.
    into_iter_arguments: Vec<usize>,
    /// Byte offsets of line starts, to order spans.
    line_starts: Vec<usize>,
}

impl Walk {
    fn offset(&self, span: Span) -> usize {
        let start = span.start();
        self.line_starts.get(start.line.saturating_sub(1)).copied().unwrap_or(0) + start.column
    }

    fn end_offset(&self, span: Span) -> usize {
        let end = span.end();
        self.line_starts.get(end.line.saturating_sub(1)).copied().unwrap_or(0) + end.column
    }

    /// Notes the closures among a `spawn`'s arguments: a thread runs its closure once.
    fn run_once(&mut self, arguments: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>) {
        for argument in arguments {
            if let syn::Expr::Closure(closure) = argument {
                let offset = self.offset(closure.span());
                self.once.push(offset);
            }
        }
    }

    /// Notes a loop body or closure.
    fn repeat(&mut self, span: Span) {
        let region = (self.offset(span), self.end_offset(span));
        self.repeats.push(region);
    }

    /// Whether code at `at` may run more than once for one run of the code at `from` (a loop
    /// body or a closure holds `at` but not `from`).
    fn repeats_between(&self, from: usize, at: usize) -> bool {
        self.repeats.iter().any(|(start, end)| (*start..=*end).contains(&at) && !(*start..=*end).contains(&from))
    }

    fn block(&mut self, block: &syn::Block, tail_use: &Use) {
        let end = self.end_offset(block.span());
        let count = block.stmts.len();
        for (index, stmt) in block.stmts.iter().enumerate() {
            let last = index + 1 == count;
            match stmt {
                syn::Stmt::Local(local) => {
                    let name = plain_binding(&local.pat);
                    if let Some(init) = &local.init {
                        let use_ = name.clone().map_or(Use::Owned, Use::Bound);
                        self.expr(&init.expr, &use_);
                        if let Some((_, diverge)) = &init.diverge {
                            self.expr(diverge, &Use::Owned);
                        }
                        if let Some(name) = name {
                            let start = self.end_offset(local.span());
                            self.bindings.push(Binding { name, start, end, owned: surely_owned(&init.expr) });
                        }
                    }
                }
                syn::Stmt::Expr(expr, semi) => {
                    let use_ = if semi.is_none() && last { tail_use.clone() } else { Use::Dropped };
                    self.expr(expr, &use_);
                }
                syn::Stmt::Macro(mac) => self.mac(&mac.mac),
                syn::Stmt::Item(_) => {}
            }
        }
    }

    fn mac(&mut self, mac: &syn::Macro) {
        let name = mac.path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let Ok(arguments) = mac.parse_body_with(parser) else { return };
        let use_ = if READ_MACROS.contains(&name.as_str()) { Use::Read(Pass::Walk) } else { Use::Owned };
        for argument in &arguments {
            self.expr(argument, &use_);
        }
    }

    fn expr(&mut self, expr: &syn::Expr, use_: &Use) {
        match expr {
            syn::Expr::MethodCall(call) => self.method_call(call, use_),
            syn::Expr::Call(call) => {
                let function = path_of(&call.func);
                let kind = match function.as_deref() {
                    Some("String::from") => Some(SiteKind::StringCopy),
                    Some("Vec::from") => Some(SiteKind::Copy),
                    Some(path) if ALLOCATING_CALLS.iter().any(|known| path.ends_with(known)) => Some(SiteKind::Alloc),
                    _ => None,
                };
                if let Some(kind) = kind {
                    self.seen.push(Seen {
                        kind,
                        span: call.span(),
                        whole: call.span(),
                        signature: text(call),
                        use_: use_.clone(),
                        source: None,
                        root: None,
                        self_field: None,
                        method: None,
                    });
                }
                self.expr(&call.func, &Use::Read(Pass::Peek));
                let called = function.as_deref().and_then(|path| path.rsplit("::").next()).unwrap_or_default();
                let positions = self.into_iter_functions.get(called).cloned().unwrap_or_default();
                if called == "spawn" {
                    self.run_once(&call.args);
                }
                for (index, argument) in call.args.iter().enumerate() {
                    if positions.contains(&index) {
                        let offset = self.offset(argument.span());
                        self.into_iter_arguments.push(offset);
                    }
                    self.expr(argument, &Use::Owned);
                }
            }
            syn::Expr::Macro(mac) => {
                let name = mac.mac.path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
                let kind = match name.as_str() {
                    "format" if is_identity_format(&mac.mac) => Some(SiteKind::StringCopy),
                    "format" | "vec" => Some(SiteKind::Alloc),
                    _ => None,
                };
                if let Some(kind) = kind {
                    self.seen.push(Seen {
                        kind,
                        span: mac.span(),
                        whole: mac.span(),
                        signature: text(mac),
                        use_: use_.clone(),
                        source: None,
                        root: None,
                        self_field: None,
                        method: None,
                    });
                }
                self.mac(&mac.mac);
            }
            syn::Expr::Assign(assign) => {
                if let (Some(target), syn::Expr::Path(value)) = (root_of(&assign.left), &*assign.right) {
                    if let Some(value) = value.path.get_ident() {
                        let offset = self.offset(assign.span());
                        self.write_backs.push((target, value.to_string(), offset));
                    }
                }
                self.expr(&assign.left, &Use::Mutated);
                self.expr(&assign.right, &Use::Owned);
            }
            syn::Expr::Reference(reference) => {
                // `&v` goes on as `v` would: iterated by a `for`, read whole by a call.
                let inner = match (reference.mutability.is_some(), use_) {
                    (true, _) => Use::Mutated,
                    (false, Use::Read(pass)) => Use::Read(*pass),
                    (false, _) => Use::Read(Pass::Walk),
                };
                self.expr(&reference.expr, &inner)
            }
            syn::Expr::Binary(binary) => {
                use syn::BinOp::{
                    AddAssign, BitAndAssign, BitOrAssign, BitXorAssign, DivAssign, Eq, Ge, Gt, Le, Lt, MulAssign, Ne,
                    RemAssign, ShlAssign, ShrAssign, SubAssign,
                };
                let compound = matches!(
                    binary.op,
                    AddAssign(_)
                        | SubAssign(_)
                        | MulAssign(_)
                        | DivAssign(_)
                        | RemAssign(_)
                        | BitAndAssign(_)
                        | BitOrAssign(_)
                        | BitXorAssign(_)
                        | ShlAssign(_)
                        | ShrAssign(_)
                );
                let operand = if matches!(binary.op, Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_)) {
                    Use::Read(Pass::Walk)
                } else {
                    Use::Owned
                };
                self.expr(&binary.left, if compound { &Use::Mutated } else { &operand });
                self.expr(&binary.right, &operand);
            }
            syn::Expr::ForLoop(for_loop) => {
                self.expr(&for_loop.expr, &Use::Read(Pass::Walk));
                self.repeat(for_loop.body.span());
                self.block(&for_loop.body, &Use::Dropped);
            }
            syn::Expr::Index(index) => {
                let base = if *use_ == Use::Mutated { Use::Mutated } else { Use::Read(Pass::Index) };
                self.expr(&index.expr, &base);
                self.expr(&index.index, &Use::Owned);
            }
            syn::Expr::Path(path) => {
                if let Some(ident) = path.path.get_ident() {
                    let offset = self.offset(path.span());
                    let use_ = if self.in_move_closure > 0 { Use::Owned } else { use_.clone() };
                    self.mentions.push(Mention { name: ident.to_string(), offset, use_ });
                }
            }
            syn::Expr::Field(field) => {
                // Reading a field of a value reads the value; moving the field out needs it owned.
                let base = match use_ {
                    Use::Read(_) => Use::Read(Pass::Peek),
                    Use::Mutated => Use::Mutated,
                    _ => Use::Owned,
                };
                self.expr(&field.base, &base);
            }
            syn::Expr::If(if_expr) => {
                self.expr(&if_expr.cond, &Use::Read(Pass::Walk));
                self.block(&if_expr.then_branch, use_);
                if let Some((_, otherwise)) = &if_expr.else_branch {
                    self.expr(otherwise, use_);
                }
            }
            syn::Expr::Let(let_expr) => self.expr(&let_expr.expr, &Use::Owned),
            syn::Expr::Block(block) => self.block(&block.block, use_),
            syn::Expr::Unsafe(block) => self.block(&block.block, use_),
            syn::Expr::Paren(paren) => self.expr(&paren.expr, use_),
            syn::Expr::Group(group) => self.expr(&group.expr, use_),
            syn::Expr::Match(match_expr) => {
                self.expr(&match_expr.expr, &Use::Owned);
                for arm in &match_expr.arms {
                    if let Some((_, guard)) = &arm.guard {
                        self.expr(guard, &Use::Read(Pass::Walk));
                    }
                    self.expr(&arm.body, use_);
                }
            }
            syn::Expr::While(while_loop) => {
                self.repeat(while_loop.span());
                self.expr(&while_loop.cond, &Use::Read(Pass::Walk));
                self.block(&while_loop.body, &Use::Dropped);
            }
            syn::Expr::Loop(loop_expr) => {
                self.repeat(loop_expr.body.span());
                self.block(&loop_expr.body, &Use::Dropped);
            }
            syn::Expr::Closure(closure) => {
                // What a `move` closure names is moved into it.
                let moving = closure.capture.is_some();
                self.in_move_closure += usize::from(moving);
                if !self.once.contains(&self.offset(closure.span())) {
                    self.repeat(closure.span());
                }
                self.expr(&closure.body, &Use::Owned);
                self.in_move_closure -= usize::from(moving);
            }
            syn::Expr::Unary(unary) => {
                let inner = if matches!(unary.op, syn::UnOp::Deref(_)) { use_.clone() } else { Use::Read(Pass::Walk) };
                self.expr(&unary.expr, &inner);
            }
            syn::Expr::Try(try_expr) => self.expr(&try_expr.expr, use_),
            syn::Expr::Cast(cast) => self.expr(&cast.expr, &Use::Owned),
            syn::Expr::Range(range) => {
                // `0..v.len()` goes over `v` by position: part of the walk its indexing makes.
                for bound in [&range.start, &range.end].into_iter().flatten() {
                    self.expr(bound, &Use::Read(Pass::Index));
                }
            }
            _ => {
                // Anything else moves its parts on, as far as this analysis can tell.
                let mut others = Others(Vec::new());
                syn::visit::visit_expr(&mut others, expr);
                for inner in others.0 {
                    self.expr(inner, &Use::Owned);
                }
            }
        }
    }

    fn method_call(&mut self, call: &syn::ExprMethodCall, use_: &Use) {
        let method = call.method.to_string();
        if let Some(kind) = copy_kind(&method) {
            let source = match &*call.receiver {
                syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
                _ => None,
            };
            let self_field = match &*call.receiver {
                syn::Expr::Field(field) if matches!(&*field.base, syn::Expr::Path(base) if base.path.is_ident("self")) => {
                    Some(member_name(&field.member))
                }
                _ => None,
            };
            self.seen.push(Seen {
                kind,
                span: call.method.span(),
                whole: call.span(),
                signature: text(call),
                use_: use_.clone(),
                source,
                root: root_of(&call.receiver),
                self_field,
                method: Some(method.clone()),
            });
        }
        if method == "collect" {
            self.seen.push(Seen {
                kind: SiteKind::Collect,
                span: call.method.span(),
                whole: call.span(),
                signature: text(call),
                use_: use_.clone(),
                source: None,
                root: root_of(&call.receiver),
                self_field: None,
                method: Some(method.clone()),
            });
        }
        let receiver_use = if method == "into_iter" && matches!(&*call.receiver, syn::Expr::Path(_)) {
            // A local collection turned into an iterator is walked once, whatever comes of the items.
            Use::Read(Pass::Walk)
        } else if self.consuming.contains(&method) && is_copy_call(&call.receiver) {
            // A copy made only to call a method of the crate that consumes it: the method should
            // borrow instead.
            Use::Read(Pass::Walk)
        } else if MUTATING_METHODS.contains(&method.as_str()) {
            Use::Mutated
        } else if method == "len" && *use_ == Use::Read(Pass::Index) {
            Use::Read(Pass::Index)
        } else if READ_METHODS.contains(&method.as_str()) {
            Use::Read(pass_of(&method))
        } else if PASS_METHODS.contains(&method.as_str()) || copy_kind(&method).is_some() {
            // A copy reads its receiver; an adapter hands it on as its own result is used.
            if copy_kind(&method).is_some() && method != "cloned" {
                Use::Read(Pass::Walk)
            } else {
                use_.clone()
            }
        } else {
            Use::Owned
        };
        self.expr(&call.receiver, &receiver_use);
        let positions = self.into_iter_methods.get(&method).cloned().unwrap_or_default();
        if method == "spawn" {
            self.run_once(&call.args);
        }
        for (index, argument) in call.args.iter().enumerate() {
            if positions.contains(&index) {
                let offset = self.offset(argument.span());
                self.into_iter_arguments.push(offset);
            }
            match argument {
                // `.map(|x| x.clone())`: what the closure returns goes where the adapter's result goes.
                syn::Expr::Closure(closure) if PASS_METHODS.contains(&method.as_str()) => {
                    self.repeat(closure.span());
                    self.expr(&closure.body, use_);
                }
                _ => {
                    let argument_use =
                        if matches!(method.as_str(), "contains" | "eq" | "ne" | "starts_with" | "ends_with") {
                            Use::Read(Pass::Walk)
                        } else {
                            Use::Owned
                        };
                    self.expr(argument, &argument_use);
                }
            }
        }
    }
}

/// A field's name (`items`, or `0` for a tuple field).
fn member_name(member: &syn::Member) -> String {
    match member {
        syn::Member::Named(ident) => ident.to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    }
}

/// Whether `expr` is a copy call (`x.clone()`, `x.to_vec()`, `x.to_owned()`).
fn is_copy_call(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::MethodCall(call) if copy_kind(&call.method.to_string()).is_some())
}

/// Collects the direct sub-expressions of an expression the walk has no rule for.
struct Others<'a>(Vec<&'a syn::Expr>);

impl<'a> syn::visit::Visit<'a> for Others<'a> {
    fn visit_expr(&mut self, expr: &'a syn::Expr) {
        self.0.push(expr);
    }
}

/// `format!("{}", x)` (or `format!("{x}")`): a copy spelled as formatting.
fn is_identity_format(mac: &syn::Macro) -> bool {
    let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
    let Ok(arguments) = mac.parse_body_with(parser) else { return false };
    let Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(template), .. })) = arguments.first() else {
        return false;
    };
    let template = template.value();
    match arguments.len() {
        2 => template == "{}",
        1 => {
            template.starts_with('{')
                && template.ends_with('}')
                && template[1..template.len() - 1].chars().all(|c| c.is_alphanumeric() || c == '_')
                && template.len() > 2
        }
        _ => false,
    }
}

/// `x` or `mut x`: the name of a plain binding.
fn plain_binding(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Ident(ident) if ident.subpat.is_none() && ident.by_ref.is_none() => Some(ident.ident.to_string()),
        syn::Pat::Type(typed) => plain_binding(&typed.pat),
        _ => None,
    }
}

/// Whether `expr` surely makes a fresh owned value (so a copy of the local bound to it could be a
/// move instead).
fn surely_owned(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Struct(_) | syn::Expr::Array(_) | syn::Expr::Lit(_) => true,
        syn::Expr::Macro(mac) => mac.mac.path.is_ident("vec") || mac.mac.path.is_ident("format"),
        syn::Expr::MethodCall(call) => {
            matches!(call.method.to_string().as_str(), "clone" | "to_vec" | "to_string" | "to_owned" | "collect")
        }
        syn::Expr::Call(call) => matches!(
            path_of(&call.func).as_deref(),
            Some("String::new" | "Vec::new" | "String::from" | "Vec::with_capacity" | "String::with_capacity")
        ),
        _ => false,
    }
}

fn path_of(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Path(path) => {
            Some(path.path.segments.iter().map(|segment| segment.ident.to_string()).collect::<Vec<_>>().join("::"))
        }
        _ => None,
    }
}

fn text(node: &impl ToTokens) -> String {
    node.to_token_stream().to_string()
}

fn line_of(span: Span) -> u32 {
    u32::try_from(span.start().line).unwrap_or(u32::MAX)
}

/// Whether the type is `String`, or `&String`/`&Vec<_>` (a slice would do).
fn owned_or_pointer_param(ty: &syn::Type) -> Option<&'static str> {
    let last = |path: &syn::TypePath| path.path.segments.last().map(|segment| segment.ident.to_string());
    match ty {
        syn::Type::Path(path) if last(path).as_deref() == Some("String") => Some("takes a `String` it only reads"),
        syn::Type::Reference(reference) if reference.mutability.is_none() => match &*reference.elem {
            syn::Type::Path(path) if last(path).as_deref() == Some("String") => {
                Some("takes a `&String` where `&str` would do")
            }
            syn::Type::Path(path) if last(path).as_deref() == Some("Vec") => {
                Some("takes a `&Vec` where a slice would do")
            }
            _ => None,
        },
        syn::Type::ImplTrait(bounds) => {
            let bounds = text(bounds).replace(' ', "");
            (bounds.contains("Into<String>") || bounds.contains("ToString"))
                .then_some("takes ownership through `impl Into<String>` of text it only reads")
        }
        _ => None,
    }
}

/// Where a function is: its name (`receipt`, `Cart::receipt`), the type of its `impl` (empty for
/// a free function), the file's line starts and the crate.
struct Scope<'a> {
    name: &'a str,
    owner: &'a str,
    line_starts: &'a [usize],
    krate: &'a Crate,
}

/// The judged sites of one function: its signature's parameters and its body.
fn function_sites(scope: &Scope<'_>, sig: &syn::Signature, body: &syn::Block) -> Vec<Site> {
    let name = scope.name;
    let generics_text = text(&sig.generics);
    let krate = scope.krate;
    let mut walk = Walk {
        line_starts: scope.line_starts.to_vec(),
        consuming: krate.consuming.clone(),
        into_iter_functions: krate.into_iter_functions.clone(),
        into_iter_methods: krate.into_iter_methods.clone(),
        ..Walk::default()
    };
    let returns_value = !matches!(sig.output, syn::ReturnType::Default);
    walk.block(body, if returns_value { &Use::Owned } else { &Use::Dropped });
    // A method that takes `self` by value (not `self: Box<Self>`), of a type its fields can be
    // moved out of, and where it uses `self` or its fields.
    let consumes_self = sig.receiver().is_some_and(|receiver| {
        receiver.reference.is_none()
            && receiver.colon_token.is_none()
            && !krate.dropping.iter().any(|ty| ty == scope.owner)
    });
    let self_uses = if consumes_self { self_uses(body.to_token_stream(), &walk) } else { Vec::new() };
    let item_loops = borrowing_loops(sig, body, &walk);
    let joined = joined_threads(body, &walk);
    let body_tokens = idents_at(body.to_token_stream(), &walk);
    let uses_of = |walk: &Walk, binding: &str, from: usize, to: usize| -> Vec<Use> {
        walk.mentions
            .iter()
            .filter(|mention| mention.name == binding && mention.offset >= from && mention.offset <= to)
            .map(|mention| mention.use_.clone())
            .collect()
    };
    let mut sites = Vec::new();
    let mut params: BTreeMap<String, (&syn::Type, Span)> = BTreeMap::new();
    for input in &sig.inputs {
        if let syn::FnArg::Typed(typed) = input {
            if let Some(param) = plain_binding(&typed.pat) {
                params.insert(param, (&*typed.ty, typed.span()));
            }
        }
    }
    let body_end = walk.end_offset(body.span());
    for seen in &walk.seen {
        let offset = walk.offset(seen.span);
        let in_fmt = name == "fmt" || name.ends_with("::fmt");
        let needless = match (&seen.use_, seen.kind) {
            (_, SiteKind::Alloc) if in_fmt && seen.signature.starts_with("format !") => {
                Some("formats into a new `String` inside `fmt` instead of writing to the formatter")
            }
            (_, SiteKind::Alloc) => None,
            (Use::Read(_), SiteKind::Collect) => Some("collects only to iterate, count or search the collection once")
                .filter(|_| !["borrow ()", "lock ()", "spawn ("].iter().any(|marker| seen.signature.contains(marker))),
            (Use::Read(_), _) => Some("copies a value that is then only read"),
            (Use::Dropped, _) => Some("makes a copy that is thrown away"),
            (Use::Owned, SiteKind::Collect) if walk.into_iter_arguments.contains(&walk.offset(seen.whole)) => {
                Some(INTO_ITER_COLLECT)
            }
            (Use::Bound(binding), kind) => {
                let scope_end = walk
                    .bindings
                    .iter()
                    .find(|candidate| candidate.name == *binding && candidate.start >= offset)
                    .map_or(body_end, |candidate| candidate.end);
                let uses = uses_of(&walk, binding, offset, scope_end);
                let only_read = uses.iter().all(|use_| matches!(use_, Use::Read(_)));
                // Walks over the collection: each iteration, and one for all indexing (the loop
                // around it). Looking at its size or an end costs no walk: collecting to count and
                // walk once could have been one pass; walking it twice is a reuse.
                let walks = uses.iter().filter(|use_| matches!(use_, Use::Read(Pass::Walk))).count()
                    + usize::from(uses.iter().any(|use_| matches!(use_, Use::Read(Pass::Index))));
                let written_back = seen.root.as_ref().is_some_and(|root| {
                    walk.write_backs
                        .iter()
                        .any(|(target, value, at)| target == root && value == binding && *at > offset)
                });
                // Collecting ends a `RefCell`/lock borrow before the items are used, or runs the
                // closures now (spawning threads), not one at a time later: that is what it is for.
                let purposeful = kind == SiteKind::Collect
                    && (["borrow ()", "borrow_mut ()", "lock ()", "read ()", "write ()", "spawn ("]
                        .iter()
                        .any(|marker| seen.signature.contains(marker))
                        || seen.root.as_ref().is_some_and(|root| {
                            // Collected from a value that is changed afterwards: the collection
                            // ends the shared borrow so the change can happen.
                            walk.mentions.iter().any(|mention| {
                                mention.name == *root && mention.offset > offset && mention.use_ == Use::Mutated
                            })
                        }));
                // Handed on whole, once, to a parameter that takes any `IntoIterator`.
                let mut mentions =
                    walk.mentions.iter().filter(|m| m.name == *binding && m.offset >= offset && m.offset <= scope_end);
                let handed_on = matches!((mentions.next(), mentions.next()),
                    (Some(only), None) if walk.into_iter_arguments.contains(&only.offset));
                match kind {
                    SiteKind::Collect if purposeful => None,
                    SiteKind::Collect if handed_on => Some(INTO_ITER_COLLECT),
                    SiteKind::Collect if only_read && walks <= 1 => {
                        Some("collects only to iterate, count or search the collection once")
                    }
                    SiteKind::Collect => None,
                    _ if written_back => {
                        Some("copies a value out, changes the copy and writes it back instead of borrowing it mutably")
                    }
                    _ if only_read => Some("copies a value that is then only read"),
                    _ => None,
                }
            }
            (Use::Owned | Use::Mutated, _) => None,
        };
        // A copy of an owned local that is never used again could have been a move.
        let needless = needless.or_else(|| {
            let source = seen.source.as_ref()?;
            if matches!(seen.kind, SiteKind::Collect | SiteKind::Alloc) {
                return None;
            }
            let owned_local = walk
                .bindings
                .iter()
                .rfind(|binding| binding.name == *source && binding.start <= offset && offset <= binding.end)
                .is_some_and(|binding| binding.owned);
            let owned_param = params.get(source).is_some_and(|(ty, _)| {
                matches!(ty, syn::Type::Path(_)) && !generics_text.contains(&format!("{source}:"))
            });
            // `let x = x.clone();` shadows `x`: what follows reads the copy, not the source.
            let shadowed = matches!(&seen.use_, Use::Bound(binding) if binding == source);
            let later =
                !shadowed && walk.mentions.iter().any(|mention| mention.name == *source && mention.offset > offset);
            ((owned_local || owned_param) && !later).then_some("copies a value it never uses again (a move would do)")
        });
        // A copy of a field of a `self` the method consumes, when neither the field nor `self` is
        // used after it, and it runs once: moving the field out would do.
        let needless = needless.or_else(|| {
            let field = seen.self_field.as_ref().filter(|_| consumes_self)?;
            if walk.repeats_between(0, offset) {
                return None;
            }
            let ty = krate.field_type(scope.owner, field)?;
            let movable = match seen.method.as_deref()? {
                "clone" => !ty.starts_with('&'),
                "to_string" | "to_owned" => ty == "String",
                "to_vec" => ty.starts_with("Vec<"),
                _ => false,
            };
            let end = walk.end_offset(seen.whole);
            let later =
                self_uses.iter().any(|(at, member)| *at >= end && !matches!(member, Some(member) if member != field));
            (movable && !later)
                .then_some("copies a field of `self`, which the method consumes and never uses again (a move would do)")
        });
        // A copy of each item of a collection the function owns and never uses after the loop:
        // iterating it by value would hand the items over.
        let needless = needless.or_else(|| {
            let source = seen.source.as_ref()?;
            let movable = |element: &str| match seen.method.as_deref() {
                Some("clone") => true,
                Some("to_string" | "to_owned") => element == "String",
                _ => false,
            };
            let end = walk.end_offset(seen.whole);
            item_loops
                .iter()
                .filter(|found| found.item == *source && (found.body.0..=found.body.1).contains(&offset))
                .any(|found| {
                    movable(&found.element)
                        && !walk.repeats_between(found.body.0, offset)
                        && !walk.repeats_between(found.bound_at, found.start)
                        // The item is not named after the copy, the collection not after the loop's head.
                        && !body_tokens.iter().any(|(name, at)| name == source && *at >= end && *at <= found.body.1)
                        && !body_tokens.iter().any(|(name, at)| *name == found.collection && *at > found.head_end)
                })
                .then_some("copies each item of a collection it owns and never uses again (iterate it by value)")
        });
        // A deep copy made only to move into a thread the function joins itself: a scoped
        // thread could borrow the original.
        let needless = needless.or_else(|| {
            let Use::Bound(copy) = &seen.use_ else { return None };
            let deep = match seen.method.as_deref()? {
                "to_string" | "to_vec" => true,
                "clone" | "to_owned" => {
                    let source = seen.source.as_ref()?;
                    params.get(source).is_some_and(|(ty, _)| is_deep_copied(ty))
                }
                _ => false,
            };
            let mentions: Vec<usize> = walk
                .mentions
                .iter()
                .filter(|mention| mention.name == *copy && mention.offset > offset)
                .map(|mention| mention.offset)
                .collect();
            let in_thread = !mentions.is_empty()
                && joined.iter().any(|(start, end)| mentions.iter().all(|at| (start..=end).contains(&at)));
            (deep && in_thread).then_some(
                "copies data for a thread the function joins before returning (a scoped thread could borrow it)",
            )
        });
        sites.push(Site {
            kind: seen.kind,
            line: line_of(seen.span),
            first_line: line_of(seen.whole),
            last_line: u32::try_from(seen.whole.end().line).unwrap_or(u32::MAX),
            function: name.to_owned(),
            signature: seen.signature.clone(),
            needless,
        });
    }
    for (param, (ty, span)) in &params {
        let Some(why) = owned_or_pointer_param(ty) else { continue };
        let uses = uses_of(&walk, param, 0, usize::MAX);
        let by_pointer = matches!(ty, syn::Type::Reference(_));
        // A `&String`/`&Vec` is always better as a slice; an owned `String` only when it is only read.
        let needless = (by_pointer || uses.iter().all(|use_| matches!(use_, Use::Read(_)))).then_some(why);
        sites.push(Site {
            kind: SiteKind::OwnedParam,
            line: line_of(*span),
            first_line: line_of(*span),
            last_line: line_of(*span),
            function: name.to_owned(),
            signature: format!("{param}: {}", text(ty)),
            needless,
        });
    }
    sites.extend(push_built(scope, sig, body, &walk));
    sites
}

const INTO_ITER_COLLECT: &str =
    "collects into a collection only to hand it to a function that takes any `IntoIterator` (pass the iterator)";

/// Every `self` in a function body (macro arguments included), with the field it reaches:
/// `Some("items")` for `self.items`, `None` for `self` used whole (`self.len()`, `&self`, `self`).
fn self_uses(tokens: proc_macro2::TokenStream, walk: &Walk) -> Vec<(usize, Option<String>)> {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut uses = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => uses.extend(self_uses(group.stream(), walk)),
            TokenTree::Ident(ident) if ident == "self" => {
                let field = match (tokens.get(index + 1), tokens.get(index + 2), tokens.get(index + 3)) {
                    (Some(TokenTree::Punct(dot)), Some(member), next) if dot.as_char() == '.' => {
                        // `self.items(…)` and `self.items::<…>` call a method on `self` whole.
                        let call = match next {
                            Some(TokenTree::Group(group)) => group.delimiter() == proc_macro2::Delimiter::Parenthesis,
                            Some(TokenTree::Punct(colon)) => colon.as_char() == ':',
                            _ => false,
                        };
                        match member {
                            TokenTree::Ident(name) if !call => Some(name.to_string()),
                            TokenTree::Literal(index) if !call => Some(index.to_string()),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                uses.push((walk.offset(ident.span()), field));
            }
            _ => {}
        }
    }
    uses
}

/// Whether cloning a parameter of this type copies its data (a `String`, a collection, or a
/// reference to one), not a handle (`Arc`, `Rc`) or a reference.
fn is_deep_copied(ty: &syn::Type) -> bool {
    let text = text(ty).replace(' ', "");
    let owned = text.strip_prefix('&').unwrap_or(&text);
    owned == "String"
        || ["Vec<", "VecDeque<", "HashMap<", "BTreeMap<", "HashSet<", "BTreeSet<"]
            .iter()
            .any(|collection| owned.starts_with(collection))
}

/// The closures (start and end offsets) of the threads a function spawns with
/// `let handle = thread::spawn(move || …)` and joins itself (`handle.join()`).
fn joined_threads(body: &syn::Block, walk: &Walk) -> Vec<(usize, usize)> {
    use syn::visit::Visit;
    #[derive(Default)]
    struct Threads {
        spawned: Vec<(String, Span)>,
        joined: Vec<String>,
    }
    impl<'a> Visit<'a> for Threads {
        fn visit_local(&mut self, local: &'a syn::Local) {
            if let (Some(handle), Some(init)) = (plain_binding(&local.pat), &local.init) {
                if let syn::Expr::Call(call) = &*init.expr {
                    let spawn =
                        path_of(&call.func).is_some_and(|path| path == "spawn" || path.ends_with("thread::spawn"));
                    if let (true, Some(syn::Expr::Closure(closure))) = (spawn, call.args.first()) {
                        if closure.capture.is_some() {
                            self.spawned.push((handle, closure.span()));
                        }
                    }
                }
            }
            syn::visit::visit_local(self, local);
        }
        fn visit_expr_method_call(&mut self, call: &'a syn::ExprMethodCall) {
            if call.method == "join" && call.args.is_empty() {
                if let syn::Expr::Path(path) = &*call.receiver {
                    self.joined.extend(path.path.get_ident().map(ToString::to_string));
                }
            }
            syn::visit::visit_expr_method_call(self, call);
        }
        fn visit_item(&mut self, _: &'a syn::Item) {}
    }
    let mut threads = Threads::default();
    threads.visit_block(body);
    threads
        .spawned
        .iter()
        .filter(|(handle, _)| threads.joined.contains(handle))
        .map(|(_, span)| (walk.offset(*span), walk.end_offset(*span)))
        .collect()
}

/// A `for item in collection.iter()` (or `in &collection`) over a collection the function owns.
struct BorrowingLoop {
    item: String,
    /// The type of the collection's items, as text without spaces.
    element: String,
    collection: String,
    /// Where the collection is bound (0 for a parameter), where the loop starts, where its head
    /// (`for … in …`) ends, and its body.
    bound_at: usize,
    start: usize,
    head_end: usize,
    body: (usize, usize),
}

/// The loops of a function that borrow the items of a collection it owns: a `Vec`/`VecDeque`
/// parameter taken by value, a `let` with such a type annotated and an owned value, or a loop
/// variable taken by value from one of those holding such collections.
fn borrowing_loops(sig: &syn::Signature, body: &syn::Block, walk: &Walk) -> Vec<BorrowingLoop> {
    use syn::visit::Visit;
    struct Loops<'w> {
        walk: &'w Walk,
        /// Owned collections in sight: name, item type, where bound.
        owned: Vec<(String, String, usize)>,
        found: Vec<BorrowingLoop>,
    }
    impl Loops<'_> {
        fn owned(&self, expr: &syn::Expr) -> Option<(String, String, usize)> {
            let syn::Expr::Path(path) = expr else { return None };
            let name = path.path.get_ident()?.to_string();
            self.owned.iter().rfind(|(owned, _, _)| *owned == name).cloned()
        }
    }
    impl<'a> Visit<'a> for Loops<'_> {
        fn visit_local(&mut self, local: &'a syn::Local) {
            syn::visit::visit_local(self, local);
            let syn::Pat::Type(typed) = &local.pat else { return };
            let (Some(name), Some(init)) = (plain_binding(&typed.pat), &local.init) else { return };
            if let Some(element) = element_type(&typed.ty).filter(|_| surely_owned(&init.expr)) {
                let at = self.walk.end_offset(local.span());
                self.owned.push((name, element, at));
            }
        }
        fn visit_expr_for_loop(&mut self, for_loop: &'a syn::ExprForLoop) {
            let start = self.walk.offset(for_loop.span());
            let head_end = self.walk.end_offset(for_loop.expr.span());
            let body = (self.walk.offset(for_loop.body.span()), self.walk.end_offset(for_loop.body.span()));
            let item = plain_binding(&for_loop.pat);
            // `for basket in baskets`: each item is owned, and may be a collection in turn.
            let by_value = match &*for_loop.expr {
                syn::Expr::MethodCall(call) if call.method == "into_iter" && call.args.is_empty() => {
                    self.owned(&call.receiver)
                }
                other => self.owned(other),
            };
            // `for item in basket.iter()` / `for item in &basket`: each item is borrowed.
            let borrowed = match &*for_loop.expr {
                syn::Expr::MethodCall(call) if call.method == "iter" && call.args.is_empty() => {
                    self.owned(&call.receiver)
                }
                syn::Expr::Reference(reference) if reference.mutability.is_none() => self.owned(&reference.expr),
                _ => None,
            };
            let pushed = match (&item, by_value) {
                (Some(item), Some((_, element, _))) => element_type_text(&element).map(|inner| (item.clone(), inner)),
                _ => None,
            };
            if let (Some(item), Some((collection, element, bound_at))) = (&item, borrowed) {
                self.found.push(BorrowingLoop {
                    item: item.clone(),
                    element,
                    collection,
                    bound_at,
                    start,
                    head_end,
                    body,
                });
            }
            self.visit_expr(&for_loop.expr);
            let depth = self.owned.len();
            if let Some((item, inner)) = pushed {
                self.owned.push((item, inner, body.0));
            }
            self.visit_block(&for_loop.body);
            self.owned.truncate(depth);
        }
        fn visit_item(&mut self, _: &'a syn::Item) {}
    }
    let mut loops = Loops { walk, owned: Vec::new(), found: Vec::new() };
    for input in &sig.inputs {
        if let syn::FnArg::Typed(typed) = input {
            if let (Some(name), Some(element)) = (plain_binding(&typed.pat), element_type(&typed.ty)) {
                loops.owned.push((name, element, 0));
            }
        }
    }
    loops.visit_block(body);
    loops.found
}

/// The item type of an owned `Vec<T>` / `VecDeque<T>`, as text without spaces.
fn element_type(ty: &syn::Type) -> Option<String> {
    element_type_text(&text(ty).replace(' ', ""))
}

/// The item type of `Vec<T>` / `VecDeque<T>` written as text without spaces.
fn element_type_text(ty: &str) -> Option<String> {
    let inner = ty.strip_prefix("Vec<").or_else(|| ty.strip_prefix("VecDeque<"))?.strip_suffix('>')?;
    Some(inner.to_owned())
}

/// Every identifier of a token stream (groups and macro arguments included), with where it is.
fn idents_at(tokens: proc_macro2::TokenStream, walk: &Walk) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => found.push((ident.to_string(), walk.offset(ident.span()))),
            proc_macro2::TokenTree::Group(group) => found.extend(idents_at(group.stream(), walk)),
            _ => {}
        }
    }
    found
}

/// A local `Vec` a function fills only with `push` and then hands on whole, once: to `concat` or
/// `join` when every push is a formatted string (one `String` written into would do), or to a
/// parameter that takes any `IntoIterator` (an iterator would do, when nothing between the `let`
/// and the call returns early).
fn push_built(scope: &Scope<'_>, sig: &syn::Signature, body: &syn::Block, walk: &Walk) -> Vec<Site> {
    use syn::visit::Visit;
    /// The `let`s of empty `Vec`s, how often each name is bound, and where the function may leave
    /// early (`?`, `return`, `break`, `continue`, `.await`).
    #[derive(Default)]
    struct Lets<'a> {
        found: Vec<(&'a syn::Local, String)>,
        bound: BTreeMap<String, usize>,
        exits: Vec<Span>,
    }
    impl<'a> Visit<'a> for Lets<'a> {
        fn visit_local(&mut self, local: &'a syn::Local) {
            if let (Some(name), Some(init)) = (plain_binding(&local.pat), &local.init) {
                if init.diverge.is_none() && is_empty_vec(&init.expr) {
                    self.found.push((local, name));
                }
            }
            syn::visit::visit_local(self, local);
        }
        fn visit_pat_ident(&mut self, pat: &'a syn::PatIdent) {
            *self.bound.entry(pat.ident.to_string()).or_default() += 1;
            syn::visit::visit_pat_ident(self, pat);
        }
        fn visit_expr(&mut self, expr: &'a syn::Expr) {
            if matches!(
                expr,
                syn::Expr::Try(_)
                    | syn::Expr::Return(_)
                    | syn::Expr::Break(_)
                    | syn::Expr::Continue(_)
                    | syn::Expr::Await(_)
            ) {
                self.exits.push(expr.span());
            }
            syn::visit::visit_expr(self, expr);
        }
        // A nested item is another function.
        fn visit_item(&mut self, _: &'a syn::Item) {}
    }
    /// How one local is used.
    #[derive(Default)]
    struct Roles<'n> {
        name: &'n str,
        formatted_pushes: usize,
        other_pushes: usize,
        /// `concat()` / `join(…)` calls on it.
        joins: usize,
        /// The last line that names it.
        last_line: u32,
        /// Other method calls on it.
        others: usize,
        /// Where it is named on its own (an argument, a return value…).
        bare: Vec<Span>,
    }
    impl<'a> Visit<'a> for Roles<'_> {
        fn visit_expr_method_call(&mut self, call: &'a syn::ExprMethodCall) {
            let on_it = matches!(&*call.receiver, syn::Expr::Path(path) if path.path.is_ident(self.name));
            if !on_it {
                return syn::visit::visit_expr_method_call(self, call);
            }
            self.last_line = self.last_line.max(line_of(call.span()));
            match (call.method.to_string().as_str(), call.args.len()) {
                ("push", 1) if call.args.first().is_some_and(is_formatted) => self.formatted_pushes += 1,
                ("push", 1) => self.other_pushes += 1,
                ("concat", 0) | ("join", 1) => self.joins += 1,
                _ => self.others += 1,
            }
            for argument in &call.args {
                self.visit_expr(argument);
            }
        }
        fn visit_expr_path(&mut self, path: &'a syn::ExprPath) {
            if path.path.is_ident(self.name) {
                self.last_line = self.last_line.max(line_of(path.span()));
                self.bare.push(path.span());
            }
        }
        fn visit_item(&mut self, _: &'a syn::Item) {}
    }
    let mut lets = Lets::default();
    for input in &sig.inputs {
        lets.visit_fn_arg(input);
    }
    lets.visit_block(body);
    let mut sites = Vec::new();
    for (local, name) in &lets.found {
        if lets.bound.get(name).copied().unwrap_or(0) != 1 {
            continue;
        }
        let mut roles = Roles { name, ..Roles::default() };
        roles.visit_block(body);
        // Every mention, macro arguments included, must be one the roles account for.
        let mentions = ident_count(body.to_token_stream(), name);
        let pushes = roles.formatted_pushes + roles.other_pushes;
        if mentions != 1 + pushes + roles.joins + roles.others + roles.bare.len() || pushes == 0 || roles.others > 0 {
            continue;
        }
        let start = walk.end_offset(local.span());
        let why = match (roles.joins, roles.bare.as_slice()) {
            (1, []) if roles.other_pushes == 0 => {
                Some("pushes formatted strings into a `Vec<String>` only to join them (write into one `String`)")
            }
            (0, [handed]) => {
                let at = walk.offset(*handed);
                // Where the exit happens: after the `?`/`.await` operand, at the `return`.
                let early = lets.exits.iter().any(|exit| (start..at).contains(&walk.end_offset(*exit)));
                (walk.into_iter_arguments.contains(&at) && !early).then_some(
                    "fills a `Vec` with pushes only to hand it to a function that takes any `IntoIterator` \
                     (pass an iterator)",
                )
            }
            _ => None,
        };
        if let Some(why) = why {
            // The place spans the collection's whole life, from its `let` to where it is handed on.
            let line = line_of(local.span());
            sites.push(Site {
                kind: SiteKind::Collect,
                line,
                first_line: line,
                last_line: roles.last_line.max(line),
                function: scope.name.to_owned(),
                signature: text(*local),
                needless: Some(why),
            });
        }
    }
    sites
}

/// `Vec::new()`, `Vec::with_capacity(…)` or `vec![]`.
fn is_empty_vec(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Call(call) => matches!(path_of(&call.func).as_deref(), Some("Vec::new" | "Vec::with_capacity")),
        syn::Expr::Macro(mac) => mac.mac.path.is_ident("vec") && mac.mac.tokens.is_empty(),
        _ => false,
    }
}

/// `format!(…)`, `x.to_string()`, `x.to_owned()` or `String::from(…)`: a new `String`.
fn is_formatted(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Macro(mac) => mac.mac.path.is_ident("format"),
        syn::Expr::MethodCall(call) => matches!(call.method.to_string().as_str(), "to_string" | "to_owned"),
        syn::Expr::Call(call) => path_of(&call.func).as_deref() == Some("String::from"),
        _ => false,
    }
}

/// How many times `name` appears as an identifier in `tokens`, groups included.
fn ident_count(tokens: proc_macro2::TokenStream, name: &str) -> usize {
    tokens
        .into_iter()
        .map(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => usize::from(ident == name),
            proc_macro2::TokenTree::Group(group) => ident_count(group.stream(), name),
            _ => 0,
        })
        .sum()
}

/// What judging one function needs to know of the whole crate it is in: which methods consume
/// `self`, which functions take any `IntoIterator`, what type each struct field has, which types
/// implement `Drop`. Built from every source file of the crate (the candidate's and the
/// exercise's own).
#[derive(Debug, Clone, Default)]
pub struct Crate {
    /// The crate's own methods that take `self` by value, by name.
    consuming: Vec<String>,
    /// Functions called by path (`join_all`, `Type::from_parts`) that take any `IntoIterator`:
    /// name to the positions of those parameters.
    into_iter_functions: BTreeMap<String, Vec<usize>>,
    /// Methods likewise (positions counted after the receiver).
    into_iter_methods: BTreeMap<String, Vec<usize>>,
    /// Struct fields: type name to (field, type as text without spaces).
    fields: BTreeMap<String, Vec<(String, String)>>,
    /// Types with a `Drop` impl: their fields cannot be moved out.
    dropping: Vec<String>,
}

impl Crate {
    /// What `sources` (the crate's files) declare; a file that does not parse adds nothing.
    pub fn of<'a>(sources: impl IntoIterator<Item = &'a str>) -> Crate {
        let mut krate = Crate::default();
        // A name defined twice takes an `IntoIterator` only where every definition does.
        let mut functions: BTreeMap<String, Vec<Vec<usize>>> = BTreeMap::new();
        let mut methods: BTreeMap<String, Vec<Vec<usize>>> = BTreeMap::new();
        for source in sources {
            let Ok(file) = syn::parse_file(source) else { continue };
            let mut declared = Declared { krate: &mut krate, functions: &mut functions, methods: &mut methods };
            syn::visit::Visit::visit_file(&mut declared, &file);
        }
        let agreed = |definitions: BTreeMap<String, Vec<Vec<usize>>>| -> BTreeMap<String, Vec<usize>> {
            definitions
                .into_iter()
                .filter_map(|(name, all)| {
                    let first = all.first()?.clone();
                    let common: Vec<usize> =
                        first.into_iter().filter(|position| all.iter().all(|one| one.contains(position))).collect();
                    (!common.is_empty()).then_some((name, common))
                })
                .collect()
        };
        krate.into_iter_functions = agreed(functions);
        krate.into_iter_methods = agreed(methods);
        krate
    }

    /// The type of `field` of struct `owner`, as text without spaces.
    fn field_type(&self, owner: &str, field: &str) -> Option<&str> {
        self.fields.get(owner)?.iter().find(|(name, _)| name == field).map(|(_, ty)| ty.as_str())
    }
}

/// Collects what a file declares into a [`Crate`].
struct Declared<'a> {
    krate: &'a mut Crate,
    functions: &'a mut BTreeMap<String, Vec<Vec<usize>>>,
    methods: &'a mut BTreeMap<String, Vec<Vec<usize>>>,
}

impl<'ast> syn::visit::Visit<'ast> for Declared<'_> {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if !is_test_item(&module.attrs) {
            syn::visit::visit_item_mod(self, module);
        }
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        let fields = item
            .fields
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let name = field.ident.as_ref().map_or_else(|| index.to_string(), ToString::to_string);
                (name, text(&field.ty).replace(' ', ""))
            })
            .collect();
        self.krate.fields.insert(item.ident.to_string(), fields);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let trait_name =
            item.trait_.as_ref().and_then(|(_, path, _)| path.segments.last()).map(|s| s.ident.to_string());
        if trait_name.as_deref() == Some("Drop") {
            if let syn::Type::Path(path) = &*item.self_ty {
                if let Some(segment) = path.path.segments.last() {
                    self.krate.dropping.push(segment.ident.to_string());
                }
            }
        }
        syn::visit::visit_item_impl(self, item);
    }

    fn visit_item_fn(&mut self, function: &'ast syn::ItemFn) {
        let positions = into_iter_positions(&function.sig);
        self.functions.entry(function.sig.ident.to_string()).or_default().push(positions);
        syn::visit::visit_item_fn(self, function);
    }

    fn visit_impl_item_fn(&mut self, function: &'ast syn::ImplItemFn) {
        let receiver = function.sig.receiver();
        if receiver.is_some_and(|receiver| receiver.reference.is_none()) {
            self.krate.consuming.push(function.sig.ident.to_string());
        }
        let positions = into_iter_positions(&function.sig);
        let table = if receiver.is_some() { &mut *self.methods } else { &mut *self.functions };
        table.entry(function.sig.ident.to_string()).or_default().push(positions);
        syn::visit::visit_impl_item_fn(self, function);
    }
}

/// The positions (after any receiver) of the parameters of `sig` that take any `IntoIterator`:
/// `impl IntoIterator<…>`, or a type parameter bounded by `IntoIterator`.
fn into_iter_positions(sig: &syn::Signature) -> Vec<usize> {
    let is_into_iter = |bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>| {
        bounds.iter().any(|bound| {
            matches!(bound, syn::TypeParamBound::Trait(bound)
                if bound.path.segments.last().is_some_and(|segment| segment.ident == "IntoIterator"))
        })
    };
    let mut bounded: Vec<String> = sig
        .generics
        .type_params()
        .filter(|param| is_into_iter(&param.bounds))
        .map(|param| param.ident.to_string())
        .collect();
    if let Some(clause) = &sig.generics.where_clause {
        for predicate in &clause.predicates {
            if let syn::WherePredicate::Type(predicate) = predicate {
                if let syn::Type::Path(path) = &predicate.bounded_ty {
                    if let Some(ident) = path.path.get_ident().filter(|_| is_into_iter(&predicate.bounds)) {
                        bounded.push(ident.to_string());
                    }
                }
            }
        }
    }
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => Some(&*typed.ty),
            syn::FnArg::Receiver(_) => None,
        })
        .enumerate()
        .filter(|(_, ty)| match ty {
            syn::Type::ImplTrait(bounds) => is_into_iter(&bounds.bounds),
            syn::Type::Path(path) => path.path.get_ident().is_some_and(|ident| bounded.contains(&ident.to_string())),
            _ => false,
        })
        .map(|(position, _)| position)
        .collect()
}

/// Every judged site of a file, outside test code, judged with what the file itself declares. A
/// file that does not parse has none.
pub fn sites(source: &str) -> Vec<Site> {
    sites_in(source, &Crate::of([source]))
}

/// Every judged site of a file of `krate`, outside test code. A file that does not parse has none.
pub fn sites_in(source: &str, krate: &Crate) -> Vec<Site> {
    let Ok(file) = syn::parse_file(source) else { return Vec::new() };
    let mut line_starts = vec![0];
    line_starts.extend(source.match_indices('\n').map(|(index, _)| index + 1));
    let mut collector = Functions { line_starts: &line_starts, krate, owner: Vec::new(), sites: Vec::new() };
    syn::visit::Visit::visit_file(&mut collector, &file);
    collector.sites
}

/// Walks items to their functions, naming methods after their type.
struct Functions<'a> {
    line_starts: &'a [usize],
    krate: &'a Crate,
    owner: Vec<String>,
    sites: Vec<Site>,
}

fn is_test_item(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("test")
            || (attr.path().is_ident("cfg") && text(&attr.meta).replace(' ', "").contains("(test)"))
    })
}

impl<'ast> syn::visit::Visit<'ast> for Functions<'_> {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if !is_test_item(&module.attrs) {
            syn::visit::visit_item_mod(self, module);
        }
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if is_test_item(&item.attrs) {
            return;
        }
        let owner = match &*item.self_ty {
            syn::Type::Path(path) => path.path.segments.last().map(|segment| segment.ident.to_string()),
            _ => None,
        };
        self.owner.push(owner.unwrap_or_default());
        syn::visit::visit_item_impl(self, item);
        self.owner.pop();
    }

    fn visit_item_fn(&mut self, function: &'ast syn::ItemFn) {
        if is_test_item(&function.attrs) {
            return;
        }
        let name = function.sig.ident.to_string();
        let scope = Scope { name: &name, owner: "", line_starts: self.line_starts, krate: self.krate };
        self.sites.extend(function_sites(&scope, &function.sig, &function.block));
    }

    fn visit_impl_item_fn(&mut self, function: &'ast syn::ImplItemFn) {
        if is_test_item(&function.attrs) {
            return;
        }
        let owner = self.owner.last().cloned().unwrap_or_default();
        let name =
            if owner.is_empty() { function.sig.ident.to_string() } else { format!("{owner}::{}", function.sig.ident) };
        let scope = Scope { name: &name, owner: &owner, line_starts: self.line_starts, krate: self.krate };
        self.sites.extend(function_sites(&scope, &function.sig, &function.block));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(kind, line, needless?)` of every site of `source`.
    fn judged(source: &str) -> Vec<(SiteKind, u32, bool)> {
        sites(source).into_iter().map(|site| (site.kind, site.line, site.needless.is_some())).collect()
    }

    #[test]
    fn a_copy_that_is_only_read_is_needless_and_a_stored_one_is_not() {
        let source = "\
struct Cart { items: Vec<Item> }
impl Cart {
    fn count(&self) -> usize {
        let items = self.items.clone();
        items.len()
    }
    fn add(&mut self, name: &str) {
        self.items.push(Item { name: name.to_string() });
    }
    fn names(&self) -> Vec<String> {
        self.items.iter().map(|item| item.name.clone()).collect()
    }
    fn each(&self) {
        for item in self.items.clone() {
            println!(\"{}\", item.name);
        }
    }
}
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::Copy, 4, true)), "{found:?}");
        assert!(found.contains(&(SiteKind::StringCopy, 8, false)), "{found:?}");
        assert!(found.contains(&(SiteKind::Copy, 11, false)), "the returned copies are needed: {found:?}");
        assert!(found.contains(&(SiteKind::Collect, 11, false)), "{found:?}");
        assert!(found.contains(&(SiteKind::Copy, 14, true)), "{found:?}");
    }

    #[test]
    fn copies_without_the_word_clone_are_seen() {
        let source = "\
fn total(prices: &[u64]) -> u64 {
    let copy: Vec<u64> = prices.iter().cloned().collect();
    let other = Vec::from(&prices[..]);
    let third = prices.to_vec();
    copy.iter().sum::<u64>() + other.len() as u64 + third.len() as u64
}
fn shout(name: &str) -> bool {
    let owned = format!(\"{}\", name);
    owned == \"x\"
}
";
        let found = judged(source);
        for line in [2, 3, 4, 8] {
            assert!(found.iter().any(|(_, l, needless)| *l == line && *needless), "line {line}: {found:?}");
        }
    }

    #[test]
    fn a_collect_reused_or_returned_is_fine_and_one_iterated_once_is_not() {
        let source = "\
fn stats(text: &str) -> (u64, u64) {
    let values: Vec<u64> = text.split(',').map(|v| v.len() as u64).collect();
    (values.iter().sum(), values.iter().max().copied().unwrap_or(0))
}
fn once(text: &str) -> u64 {
    let values: Vec<u64> = text.split(',').map(|v| v.len() as u64).collect();
    values.iter().sum()
}
fn build(text: &str) -> Vec<u64> {
    text.split(',').map(|v| v.len() as u64).collect()
}
fn counted(text: &str) -> usize {
    text.split(',').collect::<Vec<_>>().len()
}
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::Collect, 2, false)), "used twice: {found:?}");
        assert!(found.contains(&(SiteKind::Collect, 6, true)), "iterated once: {found:?}");
        assert!(found.contains(&(SiteKind::Collect, 10, false)), "returned: {found:?}");
        assert!(found.contains(&(SiteKind::Collect, 13, true)), "counted: {found:?}");
        let by_index = "fn f(text: &str) -> usize {\n    let chars: Vec<char> = text.chars().collect();\n    let mut n = 0;\n    for i in 0..chars.len() {\n        if chars[i] == 'a' { n += 1; }\n    }\n    n\n}\n";
        assert!(judged(by_index).contains(&(SiteKind::Collect, 2, true)), "walked by index: {:?}", judged(by_index));
    }

    #[test]
    fn a_collect_that_ends_a_borrow_or_spawns_threads_is_needed() {
        let source = "\
fn reward(players: &mut [Player], bonus: u32) {
    let leaders: Vec<usize> = players.iter().enumerate().filter(|(_, p)| p.score > 10).map(|(i, _)| i).collect();
    for i in leaders {
        players[i].score += bonus;
    }
}
fn run(jobs: Vec<Job>) -> u64 {
    let handles: Vec<_> = jobs.into_iter().map(|job| std::thread::spawn(move || job.run())).collect();
    handles.into_iter().map(|handle| handle.join().unwrap_or(0)).sum()
}
fn notify(&self) {
    let due: Vec<Callback> = self.watchers.borrow().iter().cloned().collect();
    for callback in due {
        callback();
    }
}
";
        let found = judged(source);
        for line in [2, 8, 12] {
            assert!(found.contains(&(SiteKind::Collect, line, false)), "line {line}: {found:?}");
        }
    }

    #[test]
    fn parameters_the_api_moves_or_changes_are_not_judged_owned() {
        let source = "\
fn load(contents: String) -> Handle {
    std::thread::spawn(move || parse(&contents))
}
fn prune(players: &mut Vec<Player>) {
    players.retain(|p| p.score > 0);
}
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::OwnedParam, 1, false)), "{found:?}");
        assert!(!found.iter().any(|(kind, line, _)| *kind == SiteKind::OwnedParam && *line == 4), "{found:?}");
    }

    #[test]
    fn a_copy_written_back_is_a_borrow_dodged() {
        let source = "\
fn transfer(accounts: &mut [Account], from: usize, to: usize) {
    let mut source = accounts[from].clone();
    source.balance -= 1;
    accounts[from] = source;
    let kept = accounts[to].clone();
    log(kept);
}
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::Copy, 2, true)), "{found:?}");
        assert!(found.contains(&(SiteKind::Copy, 5, false)), "{found:?}");
    }

    #[test]
    fn owned_parameters_only_read_are_needless() {
        let source = "\
fn slug(title: String) -> usize { title.len() }
fn keep(title: String) -> Wrapper { Wrapper { title } }
fn pointer(title: &String) -> usize { title.len() }
fn generic(title: impl Into<String>) -> bool { title.into().is_empty() }
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::OwnedParam, 1, true)), "{found:?}");
        assert!(found.contains(&(SiteKind::OwnedParam, 2, false)), "{found:?}");
        assert!(found.contains(&(SiteKind::OwnedParam, 3, true)), "{found:?}");
        assert!(found.iter().any(|(kind, line, _)| *kind == SiteKind::OwnedParam && *line == 4), "{found:?}");
    }

    #[test]
    fn a_copy_made_to_call_a_consuming_method_is_needless() {
        let source = "\
struct Cart { items: Vec<u32> }
impl Cart {
    fn count_all(self) -> usize { self.items.len() }
    fn count(&self) -> usize {
        self.clone().count_all()
    }
}
";
        assert!(judged(source).contains(&(SiteKind::Copy, 5, true)), "{:?}", judged(source));
    }

    #[test]
    fn formatted_lines_pushed_only_to_be_joined_are_an_intermediate_collection() {
        let source = "\
fn receipt(items: &[Item]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for item in items {
        lines.push(format!(\"{}: {}\", item.name, item.price));
    }
    lines.push(\"end\".to_string());
    lines.join(\"\\n\")
}
fn render(hosts: &Hosts) -> String {
    let mut lines = Vec::new();
    hosts.for_each(|name, address| lines.push(format!(\"{} {}\\n\", address, name)));
    lines.concat()
}
fn kept(items: &[Item]) -> (String, usize) {
    let mut lines: Vec<String> = Vec::new();
    for item in items {
        lines.push(format!(\"{}\", item.name));
    }
    (lines.join(\", \"), lines.len())
}
fn written(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        out.push_str(&format!(\"{}\\n\", item.name));
    }
    out
}
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::Collect, 2, true)), "{found:?}");
        assert!(found.contains(&(SiteKind::Collect, 10, true)), "{found:?}");
        assert!(!found.iter().any(|(kind, line, _)| *kind == SiteKind::Collect && *line == 15), "reused: {found:?}");
        assert!(!found.iter().any(|(kind, line, _)| *kind == SiteKind::Collect && *line == 22), "{found:?}");
    }

    #[test]
    fn a_collection_handed_to_a_parameter_taking_any_into_iterator_is_needless() {
        let source = "\
pub fn join_all<I>(futures: I) -> Vec<u8> where I: IntoIterator, I::Item: Future { run(futures) }
fn total(values: impl IntoIterator<Item = u64>) -> u64 { values.into_iter().sum() }
fn owned(values: Vec<u64>) -> u64 { values.into_iter().sum() }
async fn probe_all(services: &[Service]) -> Vec<u8> {
    let probes: Vec<_> = services.iter().map(|s| probe(s)).collect();
    join_all(probes).await
}
fn inline(words: &[&str]) -> u64 {
    total(words.iter().map(|w| w.len() as u64).collect::<Vec<_>>())
}
async fn pushed(services: &[Service]) -> Vec<u8> {
    let mut futures = Vec::new();
    for service in services {
        futures.push(Box::pin(probe(service)));
    }
    join_all(futures).await
}
fn needed(words: &[&str]) -> u64 {
    let lengths: Vec<u64> = words.iter().map(|w| w.len() as u64).collect();
    owned(lengths)
}
fn early(words: &[&str]) -> Result<u64, E> {
    let mut values = Vec::new();
    for word in words {
        values.push(word.parse::<u64>()?);
    }
    Ok(total(values))
}
";
        let found = judged(source);
        for line in [5, 9, 12] {
            assert!(found.contains(&(SiteKind::Collect, line, true)), "line {line}: {found:?}");
        }
        assert!(found.contains(&(SiteKind::Collect, 19, false)), "a Vec parameter needs the Vec: {found:?}");
        assert!(!found.iter().any(|(_, line, needless)| *line == 23 && *needless), "`?` in the loop: {found:?}");
    }

    #[test]
    fn a_copy_of_a_field_of_a_consumed_self_never_used_again_could_be_a_move() {
        let source = "\
struct Builder { headers: Vec<(String, String)>, body: Option<String>, name: String, label: &'static str }
impl Builder {
    fn url(self, url: Url) -> Ready {
        Ready { url, headers: self.headers.clone(), body: self.body.clone() }
    }
    fn reused(self) -> (String, usize) {
        let name = self.name.to_string();
        (name, self.name.len())
    }
    fn borrowed(&self) -> Ready {
        Ready { headers: self.headers.clone(), body: None }
    }
    fn whole(self) -> (Vec<(String, String)>, Builder) {
        let headers = self.headers.clone();
        (headers, self)
    }
    fn converted(self) -> String {
        self.label.to_string()
    }
    fn looped(self, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(self.name.clone());
        }
        out
    }
}
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::Copy, 4, true)), "{found:?}");
        assert!(found.iter().filter(|(_, line, needless)| *line == 4 && *needless).count() == 2, "{found:?}");
        for line in [7, 11, 14, 18, 23] {
            assert!(!found.iter().any(|(_, l, needless)| *l == line && *needless), "line {line}: {found:?}");
        }
        let dropped = format!("{source}impl Drop for Builder {{ fn drop(&mut self) {{}} }}\n");
        assert!(!judged(&dropped).iter().any(|(_, line, needless)| *line == 4 && *needless), "a Drop type");
    }

    #[test]
    fn copies_of_the_items_of_an_owned_collection_never_used_again_could_be_moves() {
        let source = "\
fn price(catalog: &Catalog, baskets: Vec<Vec<String>>) -> Vec<Handle> {
    let mut workers = Vec::new();
    for basket in baskets {
        workers.push(std::thread::spawn(move || {
            let mut missing: Vec<String> = Vec::new();
            for item in basket.iter() {
                if catalog.price(item).is_none() {
                    missing.push(item.to_string());
                }
            }
            missing
        }));
    }
    workers
}
fn kept(names: Vec<String>) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    for name in &names {
        out.push(name.clone());
    }
    (out, names.len())
}
fn borrowed(names: &Vec<String>, words: Vec<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for name in names.iter() {
        out.push(name.clone());
    }
    for word in words.iter() {
        out.push(word.to_string());
    }
    out
}
fn rounds(names: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..3 {
        for name in names.iter() {
            out.push(name.clone());
        }
    }
    out
}
fn later(names: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for name in names.iter() {
        out.push(name.clone());
        println!(\"{}\", name);
    }
    out
}
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::StringCopy, 8, true)), "{found:?}");
        for line in [19, 26, 29, 37, 45] {
            assert!(!found.iter().any(|(_, l, needless)| *l == line && *needless), "line {line}: {found:?}");
        }
    }

    #[test]
    fn a_deep_copy_for_a_thread_joined_in_the_same_function_could_be_a_borrow() {
        let source = "\
fn load(contents: String) -> Loaded {
    let text = contents.clone();
    let parser = std::thread::spawn(move || Hosts::parse(&text));
    let bad = contents.lines().count();
    let hosts = parser.join().unwrap();
    Loaded { hosts, bad }
}
fn shared(catalog: Arc<Catalog>) -> u64 {
    let mine = catalog.clone();
    let worker = std::thread::spawn(move || mine.total());
    worker.join().unwrap_or(0) + catalog.total()
}
fn detached(contents: String) -> JoinHandle<Hosts> {
    let text = contents.clone();
    let parser = std::thread::spawn(move || Hosts::parse(&text));
    log(&contents);
    parser
}
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::Copy, 2, true)), "{found:?}");
        assert!(found.contains(&(SiteKind::Copy, 9, false)), "an `Arc` handle: {found:?}");
        assert!(found.contains(&(SiteKind::Copy, 14, false)), "the thread outlives the function: {found:?}");
    }

    #[test]
    fn a_copy_of_an_owned_local_never_used_again_could_be_a_move() {
        let source = "\
fn f(out: &mut Vec<Vec<u8>>) {
    let data = vec![1, 2, 3];
    out.push(data.clone());
}
fn g(out: &mut Vec<Vec<u8>>) {
    let data = vec![1, 2, 3];
    out.push(data.clone());
    out.push(data);
}
";
        let found = judged(source);
        assert!(found.contains(&(SiteKind::Copy, 3, true)), "{found:?}");
        assert!(found.contains(&(SiteKind::Copy, 7, false)), "{found:?}");
    }
}
