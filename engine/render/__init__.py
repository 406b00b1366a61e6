"""Renderers of traces and tables; they read, they never compute."""
