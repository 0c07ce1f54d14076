-- A node for states_SUITE (jnode --states 2 --serve): the suite starts processes from states_mod by
-- module and name; this script, in state 1, only defines global functions for '_G' calls.
require 'concurrent'
function whereami() return concurrent.state() end
-- A process started by module and function name in the given state (placement chosen by the caller).
function spawn_in(state, module, fname, ...)
  return concurrent.spawn({state = state}, tostring(module), tostring(fname), ...)
end
print('states ready')
