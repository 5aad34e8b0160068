// The shared route table is the single source of paths and methods. It carries the zod schemas
// (pulls zod into the bundle); scripts/check-size.js keeps the main package within budget.
import { API } from '@wuzha/shared/dist/api'

export const ROUTES = API
