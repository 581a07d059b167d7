//! The tasks of a build and what each one waits for.
//!
//! Tasks live in a `Vec` owned by the graph and point at each other with `TaskId` indices.

use std::cell::Cell;
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
    depends_on: Vec<TaskId>,
    needed_by: Vec<TaskId>,
    // scratch state for the graph walks, so they can run on &self
    pending: Cell<usize>,
    visited: Cell<bool>,
}

/// A dependency graph of build tasks.
#[derive(Debug, Default)]
pub struct TaskGraph {
    tasks: Vec<Task>,
    names: HashMap<String, TaskId>,
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
        self.names.insert(name.to_string(), id);
        id
    }

    /// The id of the task named `name`.
    pub fn find(&self, name: &str) -> Option<TaskId> {
        self.names.get(&name.to_string()).cloned()
    }

    /// Records that `task` can only start once `on` is done. Recording it again changes nothing.
    pub fn add_dependency(&mut self, task: TaskId, on: TaskId) {
        if self.tasks[task.0].depends_on.contains(&on) {
            return;
        }
        self.tasks[on.0].needed_by.push(task);
        self.tasks[task.0].depends_on.push(on);
    }

    /// The tasks `task` waits for directly, in the order they were added.
    pub fn dependencies(&self, task: TaskId) -> Vec<TaskId> {
        self.tasks[task.0].depends_on.iter().cloned().collect()
    }

    /// The tasks waiting directly for `task`, in the order they were added.
    pub fn dependents(&self, task: TaskId) -> Vec<TaskId> {
        self.tasks[task.0].needed_by.iter().cloned().collect()
    }

    /// Every task that must be done before `task` can start, directly or not, in id order.
    #[allow(clippy::needless_range_loop)]
    pub fn all_dependencies(&self, task: TaskId) -> Vec<TaskId> {
        for t in &self.tasks {
            t.visited.set(false);
        }
        let mut stack = vec![task];
        while !stack.is_empty() {
            let current = stack.pop().unwrap();
            for on in &self.tasks[current.0].depends_on {
                if !self.tasks[on.0].visited.get() {
                    self.tasks[on.0].visited.set(true);
                    stack.push(*on);
                }
            }
        }
        let mut result = Vec::new();
        for i in 0..self.tasks.len() {
            if self.tasks[i].visited.get() {
                result.push(TaskId(i));
            }
        }
        result
    }

    /// Every task, each after all the tasks it depends on; when several tasks could come next,
    /// the one created first does.
    pub fn build_order(&self) -> Result<Vec<TaskId>, CycleError> {
        for t in &self.tasks {
            t.pending.set(t.depends_on.len());
        }
        let roots: Vec<TaskId> = (0..self.tasks.len()).filter(|&i| self.tasks[i].pending.get() == 0).map(TaskId).collect();
        let mut ready = BinaryHeap::new();
        for root in roots {
            ready.push(Reverse(root));
        }
        let mut order = vec![];
        while !ready.is_empty() {
            let Reverse(next) = ready.pop().unwrap();
            order.push(next);
            for waiting in &self.tasks[next.0].needed_by {
                let t = &self.tasks[waiting.0];
                t.pending.set(t.pending.get() - 1);
                if t.pending.get() == 0 {
                    ready.push(Reverse(*waiting));
                }
            }
        }
        if order.len() == self.tasks.len() {
            Ok(order)
        } else {
            let stuck: Vec<TaskId> = (0..self.tasks.len()).filter(|&i| self.tasks[i].pending.get() > 0).map(TaskId).collect();
            Err(CycleError { stuck })
        }
    }
}
