//! The tasks of a build and what each one waits for.
//!
//! The graph owns every task in one arena (`Vec<Task>`) and links them by [`TaskId`], an index
//! into that arena. Following an edge in either direction is an index lookup: there is no shared
//! ownership to keep alive, no run-time borrow to trip over, and a cycle is just data.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// Names a task of one [`TaskGraph`]. Ids follow creation order: the first task created has the
/// smallest id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(usize);

/// Why [`TaskGraph::build_order`] found no order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleError {
    /// Every task that cannot be ordered, in id order.
    pub stuck: Vec<TaskId>,
}

#[derive(Debug, Default)]
struct Task {
    /// The tasks this one waits for, in the order they were recorded.
    depends_on: Vec<TaskId>,
    /// The tasks waiting for this one, in the order they were recorded.
    needed_by: Vec<TaskId>,
}

/// A dependency graph of build tasks.
#[derive(Debug, Default)]
pub struct TaskGraph {
    /// The arena: `tasks[id.0]` is the task named by `id`.
    tasks: Vec<Task>,
    /// Name lookup for `add_task` and `find`.
    ids: HashMap<String, TaskId>,
}

impl TaskGraph {
    /// A graph with no tasks.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of tasks.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether the graph has no tasks.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Adds a task named `name` and returns its id; a name already in the graph gives the id it
    /// already has.
    pub fn add_task(&mut self, name: &str) -> TaskId {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = TaskId(self.tasks.len());
        self.tasks.push(Task::default());
        self.ids.insert(name.to_owned(), id);
        id
    }

    /// The id of the task named `name`.
    pub fn find(&self, name: &str) -> Option<TaskId> {
        self.ids.get(name).copied()
    }

    /// Records that `task` can only start once `on` is done. Recording it again changes nothing.
    pub fn add_dependency(&mut self, task: TaskId, on: TaskId) {
        if self.tasks[task.0].depends_on.contains(&on) {
            return;
        }
        // Two short borrows of the arena, one after the other; a self-dependency (`task == on`)
        // is no special case. Indexing `on` first means an id from another graph fails before
        // either side of the edge is written.
        self.tasks[on.0].needed_by.push(task);
        self.tasks[task.0].depends_on.push(on);
    }

    /// The tasks `task` waits for directly, in the order they were added.
    pub fn dependencies(&self, task: TaskId) -> Vec<TaskId> {
        self.tasks[task.0].depends_on.clone()
    }

    /// The tasks waiting directly for `task`, in the order they were added.
    pub fn dependents(&self, task: TaskId) -> Vec<TaskId> {
        self.tasks[task.0].needed_by.clone()
    }

    /// Every task that must be done before `task` can start, directly or not, in id order.
    /// `task` itself is included only when it depends on itself through a cycle.
    pub fn all_dependencies(&self, task: TaskId) -> Vec<TaskId> {
        // An explicit stack rather than recursion: a long chain of tasks must not overflow the
        // call stack, and the `seen` marks stop the walk on cycles.
        let mut seen = vec![false; self.tasks.len()];
        let mut stack: Vec<TaskId> = self.tasks[task.0].depends_on.clone();
        while let Some(next) = stack.pop() {
            if !std::mem::replace(&mut seen[next.0], true) {
                stack.extend(self.tasks[next.0].depends_on.iter().filter(|on| !seen[on.0]));
            }
        }
        // Walking the marks in index order yields the ids sorted, with no separate sort.
        seen.iter().enumerate().filter(|&(_, &seen)| seen).map(|(index, _)| TaskId(index)).collect()
    }

    /// Every task, each after all the tasks it depends on; when several tasks could come next,
    /// the one created first does.
    ///
    /// # Errors
    ///
    /// [`CycleError`] when some tasks wait, directly or not, on a cycle; it lists them all.
    pub fn build_order(&self) -> Result<Vec<TaskId>, CycleError> {
        // Kahn's algorithm, with a min-heap so that the smallest ready id always goes first.
        let mut waiting_for: Vec<usize> = self.tasks.iter().map(|task| task.depends_on.len()).collect();
        let mut ready: BinaryHeap<Reverse<TaskId>> = waiting_for
            .iter()
            .enumerate()
            .filter(|&(_, &count)| count == 0)
            .map(|(index, _)| Reverse(TaskId(index)))
            .collect();
        let mut order = Vec::with_capacity(self.tasks.len());
        while let Some(Reverse(done)) = ready.pop() {
            order.push(done);
            for &waiting in &self.tasks[done.0].needed_by {
                waiting_for[waiting.0] -= 1;
                if waiting_for[waiting.0] == 0 {
                    ready.push(Reverse(waiting));
                }
            }
        }

        if order.len() == self.tasks.len() {
            return Ok(order);
        }
        // Whatever still waits is on a cycle or behind one.
        let stuck = waiting_for
            .iter()
            .enumerate()
            .filter(|&(_, &count)| count > 0)
            .map(|(index, _)| TaskId(index))
            .collect();
        Err(CycleError { stuck })
    }
}
