// The connected instances of a target: what each runs, where, and what it refused.

import { answerOrder, api, targetPath } from './api.js';
import { clearError, fill, h, say, table, time } from './dom.js';

export function showInstances(section, app, env) {
  const list = h('div', { id: 'instances' });
  const answers = answerOrder();
  const load = async () => {
    const turn = answers.start();
    try {
      const instances = await api('GET', `${targetPath(app, env)}/instances`);
      if (!turn.draws()) return;
      clearError();
      fill(list, instances.length === 0 ? h('p', {}, 'No instance is connected.')
        : table(`${instances.length} connected`, ['Instance', 'Version', 'Status', 'Runs', 'Labels', 'Profiles', 'Server', 'Refused', 'Last heard'],
          instances.map((instance) => ({
            attributes: { 'data-instance': instance.instanceId, 'data-status': instance.status },
            cells: [h('strong', {}, instance.instanceId), String(instance.ackedVersion), status(instance.status), runs(instance.running),
              labels(instance.labels), (instance.profiles || []).join(', '), instance.serverId, refused(instance),
              time(instance.lastHeartbeat)],
          }))));
    } catch (failure) {
      say(failure.message, 'error');
    }
  };
  fill(section, h('h2', {}, 'Instances'), list);
  load();
  return { onEvent: () => load(), reload: () => load() };
}

export function status(name) {
  return h('span', { class: 'badge ' + name.toLowerCase() }, name);
}

/** Where its configuration comes from: the base, the gray release, overlays. */
function runs(running) {
  return [running.gray ? 'gray release' : 'base', ...running.overlays.map((overlay) => 'overlay ' + overlay)].join(' + ');
}

export function labels(map) {
  return Object.entries(map).map(([key, value]) => h('code', { class: 'label' }, `${key}=${value}`));
}

function refused(instance) {
  return instance.nackedVersion ? h('span', { class: 'nack' }, `version ${instance.nackedVersion}: ${instance.nackReason}`) : '';
}
