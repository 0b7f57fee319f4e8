// `runas-guard doctor`: checks the connected user's own access against the request catalog.

export { DEFAULT_DOCTOR_TIMEOUT_MS, doctorWith, runDoctor } from './doctor.js';
export type {
  DoctorOptions,
  RunDoctorOptions,
  DoctorReport,
  DoctorRequest,
  DoctorRule,
  DoctorUser,
  OwnPermissions,
} from './doctor.js';
export { DOCTOR_FORMATS, renderDoctor } from './render.js';
export type { DoctorFormat } from './render.js';
