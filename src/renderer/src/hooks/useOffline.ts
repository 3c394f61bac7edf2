import { useFrontlineStore } from '../store'
import { offlineReason } from '../store/connection-slice'

/** Why an action that needs the core cannot be done now (it is out of reach), or null. */
export const useOfflineReason = (): string | null => useFrontlineStore((s) => offlineReason(s.connection))
