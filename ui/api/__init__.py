"""The HTTP API: typed models, services that do the work (testable without HTTP), thin routes."""
