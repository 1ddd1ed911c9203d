import { AppConfig, ConfigValidationError, loadConfig } from '../config/app-config';

/** Validates the environment before anything starts; prints every problem and exits with code 78 (config error). */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\nSee README.md, section "Configuration", for every variable and its default.\n`);
      process.exit(78);
    }
    throw error;
  }
}
