//! The tasks of a build and what each one waits for.
//!
//! Every task is a shared, mutable node kept alive by the graph. Links between tasks are `Weak`
//! in both directions, so the graph's list is the only owner and a cycle no longer leaks.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};
use std::rc::{Rc, Weak};

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

type TaskRef = Rc<RefCell<Task>>;
type TaskLink = Weak<RefCell<Task>>;

#[derive(Debug)]
struct Task {
    id: TaskId,
    /// The tasks this one waits for, in the order they were added.
    depends_on: Vec<TaskLink>,
    /// The tasks waiting for this one, in the order they were added.
    needed_by: Vec<TaskLink>,
}

/// A dependency graph of build tasks.
#[derive(Debug, Default)]
pub struct TaskGraph {
    tasks: Vec<TaskRef>,
    names: HashMap<String, TaskId>,
}

fn id_of(link: &TaskLink) -> TaskId {
    link.upgrade().unwrap().borrow().id
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
        self.tasks.push(Rc::new(RefCell::new(Task { id, depends_on: Vec::new(), needed_by: Vec::new() })));
        self.names.insert(name.to_string(), id);
        id
    }

    /// The id of the task named `name`.
    pub fn find(&self, name: &str) -> Option<TaskId> {
        self.names.get(name).copied()
    }

    fn task(&self, id: TaskId) -> TaskRef {
        self.tasks[id.0].clone()
    }

    /// Records that `task` can only start once `on` is done. Recording it again changes nothing.
    pub fn add_dependency(&mut self, task: TaskId, on: TaskId) {
        let waiting = self.task(task);
        let needed = self.task(on);
        if waiting.borrow().depends_on.iter().any(|known| id_of(known) == on) {
            return;
        }
        waiting.borrow_mut().depends_on.push(Rc::downgrade(&needed));
        // `waiting` must not be borrowed any more here: when a task depends on itself, `needed`
        // is the same RefCell and borrowing both at once panicked with BorrowMutError
        needed.borrow_mut().needed_by.push(Rc::downgrade(&waiting));
    }

    /// The tasks `task` waits for directly, in the order they were added.
    pub fn dependencies(&self, task: TaskId) -> Vec<TaskId> {
        self.task(task).borrow().depends_on.iter().map(id_of).collect()
    }

    /// The tasks waiting directly for `task`, in the order they were added.
    pub fn dependents(&self, task: TaskId) -> Vec<TaskId> {
        self.task(task).borrow().needed_by.iter().map(id_of).collect()
    }

    /// Every task that must be done before `task` can start, directly or not, in id order.
    pub fn all_dependencies(&self, task: TaskId) -> Vec<TaskId> {
        // no recursion any more: it never stopped on a cycle
        let mut found = BTreeSet::new();
        let mut todo = vec![self.task(task)];
        while let Some(current) = todo.pop() {
            for on in current.borrow().depends_on.iter() {
                let on = on.upgrade().expect("task was dropped");
                let id = on.borrow().id;
                if found.insert(id) {
                    todo.push(on.clone());
                }
            }
        }
        found.into_iter().collect()
    }

    /// Every task, each after all the tasks it depends on; when several tasks could come next,
    /// the one created first does.
    pub fn build_order(&self) -> Result<Vec<TaskId>, CycleError> {
        let mut waiting_for: Vec<usize> = self.tasks.iter().map(|task| task.borrow().depends_on.len()).collect();
        let mut ready: BinaryHeap<Reverse<TaskId>> =
            self.tasks.iter().map(|task| task.borrow().id).filter(|id| waiting_for[id.0] == 0).map(Reverse).collect();
        let mut order = Vec::with_capacity(self.tasks.len());
        while let Some(Reverse(id)) = ready.pop() {
            order.push(id);
            let task = self.task(id);
            for waiting in task.borrow().needed_by.iter().map(id_of) {
                waiting_for[waiting.0] -= 1;
                if waiting_for[waiting.0] == 0 {
                    ready.push(Reverse(waiting));
                }
            }
        }
        if order.len() == self.tasks.len() {
            Ok(order)
        } else {
            let stuck = (0..self.tasks.len()).filter(|&index| waiting_for[index] > 0).map(TaskId).collect();
            Err(CycleError { stuck })
        }
    }
}
