"""The case workspace: ``screen`` (the workspace itself: opening a case, its stages, its
operations and what they change), ``header`` (name, stage, saved state, messages), ``navigator``
(the journey's stages) and ``pages`` (the stage pages, built when first shown)."""

from advisor_app.ui.screens.workspace.screen import WorkspaceScreen

__all__ = ["WorkspaceScreen"]
