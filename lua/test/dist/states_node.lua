-- A node for states_SUITE (jnode --states 2 --serve): the suite starts processes from states_mod by
-- module and name; this script, in state 1, only defines a global function for '_G' calls.
require 'concurrent'
function whereami() return concurrent.state() end
print('states ready')
