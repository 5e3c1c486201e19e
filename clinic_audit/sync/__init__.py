"""Offline first: a laptop's store synced with the agency's server (engine), conflicts
kept and merged part by part (merge, resolve), and conflict copies for a supervisor."""
