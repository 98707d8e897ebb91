"""Views of the workspace: parse input, check permission, call one service or selector."""
