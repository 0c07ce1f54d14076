-- register, unregister, whereis, registered; names die with their process
require 'concurrent'
local check = require 'check'

local main = concurrent.self()
local worker = concurrent.spawn(function() concurrent.receive() end)

check.eq(concurrent.register('worker', worker), true, 'register')
check.eq(concurrent.whereis('worker'), worker, 'whereis')
check.eq(concurrent.register('worker', main), false, 'register of a taken name')
check.eq(concurrent.register('other', worker), false, 'a process has one name')
check.eq(concurrent.register('main'), true, 'register defaults to self')
check.eq(concurrent.whereis('main'), main)

local names = concurrent.registered()
table.sort(names)
check.eq(#names, 2, 'registered() lists the names')
check.eq(names[1], 'main')
check.eq(names[2], 'worker')

check.eq(concurrent.unregister('nosuchname'), false, 'unregister of an unknown name')
check.eq(concurrent.unregister('main'), true, 'unregister')
check.eq(concurrent.whereis('main'), nil, 'whereis after unregister')
check.eq(concurrent.isalive('worker'), true, 'isalive by name')

concurrent.send('worker', 'stop')
concurrent.sleep(10)
check.eq(concurrent.whereis('worker'), nil, 'the name is freed when the process ends')
check.eq(concurrent.isalive('worker'), false)
check.eq(concurrent.register('worker', main), true, 'the name can be taken again')
check.eq(concurrent.unregister(main), true, 'unregister by pid')
