import { contextBridge, ipcRenderer } from 'electron';
import { invokeChannel, teamDatabaseChannel, type IpcResult, type SwitchboardBridge } from '../../shared/ipc';

/**
 * Exposes one function, `invoke(operation, input)`, never ipcRenderer itself. The main process
 * validates the sender and the input against the contract.
 */
const bridge: SwitchboardBridge = {
  invoke: (name, input) => ipcRenderer.invoke(invokeChannel, name, input) as Promise<IpcResult>,
  teamDatabase: (request) => ipcRenderer.invoke(teamDatabaseChannel, request) as Promise<IpcResult>,
};

contextBridge.exposeInMainWorld('switchboard', bridge);
